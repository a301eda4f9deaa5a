package io.wsengine.internal.deflate;

import io.wsengine.CompressionConfig;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.ExtensionOffers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's side of permessage-deflate's negotiation (RFC 7692 section 5 and 7.1): of the client's
 * offers, in its order of preference, the first the server can honour is accepted, and each one before
 * it is declined, the handshake going on uncompressed when none is left. Other extensions are ignored.
 * Shared by all event loops; holds no per-request state.
 *
 * <p>An offer is declined for an unknown parameter, a repeated one or a bad value (section 5): window
 * bits are a decimal 8 to 15 without leading zeros, and only {@code client_max_window_bits} may go
 * without one. Names compare
 * exactly, as RFC 7692 registers them: a name in other letter case is another extension, or an
 * unknown parameter, which can cost compression but never the connection.
 *
 * <p>The response names, in this order: {@code server_no_context_takeover} when the client asked for
 * it (section 7.1.1.1: it must be honoured) or the policy is {@link CompressionConfig.ContextTakeover#NONE};
 * {@code client_no_context_takeover} when the client offered it (it resets its context anyway, and
 * saying so lets the server drop its inflater's window between messages) or the policy is {@code NONE};
 * {@code server_max_window_bits=N} when the client offered it (section 7.1.2.1: an accepted one must
 * be answered). {@code client_max_window_bits} is never named, which section 7.1.2.2 allows: the
 * server inflates with a 15-bit window, which inflates any smaller one.
 *
 * <p>The JDK's Deflater always uses a 15-bit window, yet a {@code server_max_window_bits} below 15 is
 * honoured: the server then also resets its context after every message (it may always add
 * {@code server_no_context_takeover}, section 7.1.1.1), so a message refers back no further than its
 * own start, and a message longer than the window goes as stored blocks, which refer back to nothing
 * ({@link DeflateParameters#serverMaxWindowBits()}).
 */
public final class DeflateNegotiation {
    /** The extension's name (RFC 7692 section 7). */
    public static final String EXTENSION = "permessage-deflate";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** The only window the JDK's Deflater has. */
    private static final int JDK_WINDOW_BITS = 15;
    /** The smallest window bits an offer may name (RFC 7692 section 7.1.2.1). */
    private static final int MIN_WINDOW_BITS = 8;
    /** Window bits answered: none (0), or 8 to 15 (1 to 8). */
    private static final int WINDOW_ANSWERS = 1 + JDK_WINDOW_BITS - MIN_WINDOW_BITS + 1;
    /**
     * Every agreement the server makes, made once, and shared by the sessions: indexed by server no
     * context takeover, client no context takeover, and the server window bits answered.
     */
    private static final DeflateAgreement[] AGREEMENTS = new DeflateAgreement[2 * 2 * WINDOW_ANSWERS];

    static {
        for (int server = 0; server < 2; server++) {
            for (int client = 0; client < 2; client++) {
                for (int answer = 0; answer < WINDOW_ANSWERS; answer++) {
                    int bits = answer == 0 ? 0 : MIN_WINDOW_BITS + answer - 1;
                    AGREEMENTS[index(server == 1, client == 1, bits)] = agreement(server == 1, client == 1, bits);
                }
            }
        }
    }

    private static int index(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int answeredBits) {
        int answer = answeredBits == 0 ? 0 : answeredBits - MIN_WINDOW_BITS + 1;
        return ((serverNoContextTakeover ? 2 : 0) + (clientNoContextTakeover ? 1 : 0)) * WINDOW_ANSWERS + answer;
    }

    private final boolean enabled;
    private final boolean imposeNoContextTakeover;

    /**
     * @param config the server's compression settings
     */
    public DeflateNegotiation(CompressionConfig config) {
        this.enabled = config.enabled();
        this.imposeNoContextTakeover = config.contextTakeover() == CompressionConfig.ContextTakeover.NONE;
    }

    /**
     * Negotiates permessage-deflate for an upgrade request.
     *
     * @param headerValues every {@code Sec-WebSocket-Extensions} value of the request, in order
     * @return the agreement, or null when compression is disabled, not offered, or every offer is declined
     * @throws BadRequestException 400 when compression is enabled and a header does not follow the
     *                             extension grammar (see {@link ExtensionOffers}); with compression
     *                             disabled the headers are not read at all
     */
    public DeflateAgreement negotiate(List<String> headerValues) {
        if (!enabled || headerValues.isEmpty()) {
            return null;
        }
        for (ExtensionOffers.Offer offer : ExtensionOffers.parse(headerValues)) {
            if (offer.name().equals(EXTENSION)) {
                DeflateAgreement agreement = accept(offer.parameters());
                if (agreement != null) {
                    return agreement;
                }
            }
        }
        return null;
    }

    /** {@return the agreement on this offer, or null to decline it} */
    private DeflateAgreement accept(List<ExtensionOffers.Parameter> parameters) {
        boolean serverNoContextTakeover = imposeNoContextTakeover;
        boolean clientNoContextTakeover = imposeNoContextTakeover;
        int serverWindowBits = 0; // not offered
        Set<String> seen = new HashSet<>();
        for (ExtensionOffers.Parameter parameter : parameters) {
            if (!seen.add(parameter.name())) {
                return null; // a duplicate
            }
            String value = parameter.value();
            switch (parameter.name()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContextTakeover = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContextTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    serverWindowBits = windowBits(value);
                    if (serverWindowBits < 0) {
                        return null; // no value, or a bad one
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (value != null && windowBits(value) < 0) {
                        return null;
                    }
                }
                default -> {
                    return null; // not defined for an offer
                }
            }
        }
        if (serverWindowBits != 0 && serverWindowBits < JDK_WINDOW_BITS) {
            serverNoContextTakeover = true; // a smaller window is kept to by never looking past the message
        }
        return AGREEMENTS[index(serverNoContextTakeover, clientNoContextTakeover, serverWindowBits)];
    }

    /** {@return 8 to 15 for a valid window bits value (decimal, no leading zero), else -1} */
    static int windowBits(String value) {
        if (value == null || value.length() < 1 || value.length() > 2 || value.charAt(0) == '0') {
            return -1;
        }
        int bits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            bits = bits * 10 + (c - '0');
        }
        return bits >= 8 && bits <= 15 ? bits : -1;
    }

    /** An agreement, and the response that states it. */
    private static DeflateAgreement agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
            int answeredServerWindowBits) {
        StringBuilder response = new StringBuilder(EXTENSION);
        if (serverNoContextTakeover) {
            response.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (clientNoContextTakeover) {
            response.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (answeredServerWindowBits != 0) {
            response.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(answeredServerWindowBits);
        }
        int serverWindowBits = answeredServerWindowBits == 0 ? JDK_WINDOW_BITS : answeredServerWindowBits;
        return new DeflateAgreement(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover,
                serverWindowBits, JDK_WINDOW_BITS), response.toString());
    }
}
