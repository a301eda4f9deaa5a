package io.wsengine.spring;

/** The WebSocket server could not start, typically because its port is in use. */
public class WsServerStartException extends RuntimeException {
    private final int port;

    public WsServerStartException(String message, int port, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** The configured port. */
    public int port() {
        return port;
    }
}
