package io.wsengine;

import java.util.concurrent.Executor;

/**
 * A session the engine runs over a {@link HostedChannel}: the host tells it, from any thread, what
 * changed. Each call hands the news to the session's event loop and returns at once; called on that
 * loop itself (see {@link #eventLoop()}), it takes the news there and then, with no hand-over.
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

    /**
     * {@return the event loop that owns the session, for a host that can run its own work for this
     * connection there (its read and write callbacks, say): news from the loop itself needs no
     * hand-over to another thread. Tasks run in the order given; once the loop has ended, {@code
     * execute} throws {@link java.util.concurrent.RejectedExecutionException} and the host runs the
     * task elsewhere}
     */
    Executor eventLoop();
}
