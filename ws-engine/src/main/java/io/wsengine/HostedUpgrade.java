package io.wsengine;

import io.wsengine.internal.server.HostedDecision;
import java.util.Map;

/**
 * The engine's answer to a {@link HostedRequest}: the response the host writes, and for an accepted
 * upgrade the session to run once the host has switched protocols.
 */
public final class HostedUpgrade {
    private final HostedDecision decision;

    HostedUpgrade(HostedDecision decision) {
        this.decision = decision;
    }

    /** {@return true when the host should answer 101 and switch protocols} */
    public boolean isAccepted() {
        return decision.accepted();
    }

    /** {@return the response status: 101 when accepted, else the refusal's 4xx or 5xx} */
    public int status() {
        return decision.status();
    }

    /** {@return the body of a refusal, as UTF-8 plain text; empty when accepted} */
    public String message() {
        return decision.message();
    }

    /**
     * {@return the response headers the host sets: for 101 {@code Upgrade}, {@code Connection},
     * {@code Sec-WebSocket-Accept} and any {@code Sec-WebSocket-Protocol}; for a refusal its extra
     * headers (such as {@code WWW-Authenticate})}
     */
    public Map<String, String> headers() {
        return decision.headers();
    }

    /**
     * Runs the accepted session over the host's upgraded connection, on one of the engine's event
     * loops: {@code onOpen} is called there, and the engine reads and writes through the channel.
     * Call once, after the host has written the 101.
     *
     * @param channel the upgraded connection
     * @return where the host reports readiness and failure
     * @throws IllegalStateException when the upgrade was refused, was opened already, or the server
     *                               is not running
     */
    public HostedConnection open(HostedChannel channel) {
        return decision.open(channel);
    }
}
