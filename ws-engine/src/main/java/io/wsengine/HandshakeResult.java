package io.wsengine;

import java.util.Map;

/**
 * What a {@link HandshakeInterceptor} decides: accept (optionally choosing the subprotocol), or
 * refuse with an HTTP status.
 */
public final class HandshakeResult {
    private static final HandshakeResult ACCEPT = new HandshakeResult(true, 0, null, null, Map.of());

    private final boolean accepted;
    private final int status;
    private final String message;
    private final String subprotocol;
    private final Map<String, String> headers;

    private HandshakeResult(boolean accepted, int status, String message, String subprotocol,
                            Map<String, String> headers) {
        this.accepted = accepted;
        this.status = status;
        this.message = message;
        this.subprotocol = subprotocol;
        this.headers = headers;
    }

    /** Let the handshake go on. */
    public static HandshakeResult accept() {
        return ACCEPT;
    }

    /**
     * Accept, with this subprotocol instead of the route's choice.
     *
     * @param subprotocol one of {@link HandshakeRequest#subprotocols()}
     */
    public static HandshakeResult acceptWithSubprotocol(String subprotocol) {
        return new HandshakeResult(true, 0, null, subprotocol, Map.of());
    }

    /** Refuse with a 4xx or 5xx status, such as 401 or 403. */
    public static HandshakeResult reject(int status) {
        return reject(status, null, Map.of());
    }

    /**
     * Refuse with a status, a short plain-text message for the body, and extra response headers
     * (such as {@code WWW-Authenticate}).
     */
    public static HandshakeResult reject(int status, String message, Map<String, String> headers) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refused handshake needs a 4xx or 5xx status, not " + status);
        }
        return new HandshakeResult(false, status, message, null, Map.copyOf(headers));
    }

    public boolean isAccepted() {
        return accepted;
    }

    public int status() {
        return status;
    }

    /** The body of a refusal, or null for the status's reason phrase. */
    public String message() {
        return message;
    }

    /** The subprotocol chosen by the interceptor, or null to keep the route's choice. */
    public String subprotocol() {
        return subprotocol;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
