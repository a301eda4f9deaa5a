package io.wsengine.spring.cluster;

/**
 * The cluster's presence could not be read (Redis down or too slow): {@link WsPresence#members} gives
 * no answer rather than one that silently leaves out every other node.
 */
public class WsPresenceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read
     * @param cause   the Redis client's failure
     */
    public WsPresenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
