package io.wsengine;

/**
 * A session the engine runs over a {@link HostedChannel}: the host tells it, from any thread, what
 * changed. Each call hands the news to the session's event loop and returns at once.
 */
public interface HostedConnection {

    /** The peer's bytes, or the end of its input, can be read now. */
    void readable();

    /** The host has room to write again. */
    void writable();

    /**
     * The connection failed or was closed under the session: it is released without a close frame.
     *
     * @param failure what the host saw, for the log; may be null
     */
    void failed(Throwable failure);
}
