package io.wsengine.bench;

import java.util.Locale;

/**
 * What the load generator offers in {@code Sec-WebSocket-Extensions} when it compresses
 * (permessage-deflate, RFC 7692 section 7): the same extension with or without context takeover.
 */
public enum DeflateOffer {
    /**
     * Both sides start every message from an empty window: the worse ratio on small similar messages,
     * and no zlib memory that needs to outlive a message, on either side.
     */
    NO_CONTEXT_TAKEOVER("permessage-deflate; client_no_context_takeover; server_no_context_takeover"),
    /** Both sides may keep their window between messages (the RFC's default): the better ratio, zlib's memory held. */
    CONTEXT_TAKEOVER("permessage-deflate");

    /** The offer, as the request's header value. */
    final String header;

    DeflateOffer(String header) {
        this.header = header;
    }

    /** {@return whether the offer tells the server that the client resets its compressor after each message} */
    boolean clientNoContextTakeover() {
        return this == NO_CONTEXT_TAKEOVER;
    }

    /** {@return the command-line spelling: no-context-takeover or context-takeover} */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static DeflateOffer parse(String value) {
        for (DeflateOffer offer : values()) {
            if (offer.cliName().equals(value)) {
                return offer;
            }
        }
        throw new IllegalArgumentException("--deflate must be no-context-takeover or context-takeover, not '" + value + "'");
    }
}
