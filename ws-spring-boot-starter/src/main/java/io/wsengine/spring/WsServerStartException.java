package io.wsengine.spring;

/** The WebSocket server could not start, typically because its port is in use. */
public class WsServerStartException extends RuntimeException {
    /** The configured port. */
    private final int port;

    /**
     * Creates the exception the starter fails start-up with.
     *
     * @param message the address that could not be bound, and why
     * @param port    the configured port
     * @param cause   the engine's {@link java.io.UncheckedIOException}
     */
    public WsServerStartException(String message, int port, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** {@return the configured port ({@code ws.server.port})} */
    public int port() {
        return port;
    }
}
