package io.wsengine.spring.servlet;

import io.wsengine.HostedConnection;
import java.util.concurrent.Executor;

/**
 * Hands a container's signals to the engine's session, keeping those that come before the session
 * is known. {@code HostedUpgrade.open} starts the session on an event loop and returns it
 * afterwards: in between, the loop's first read may already have found nothing and asked the
 * container to call back, and the container's callback (on another thread) must not be lost, or the
 * session waits for bytes that have already arrived.
 */
final class SessionRelay implements HostedConnection {
    private volatile HostedConnection session;
    private boolean readable;
    private boolean writable;
    private boolean failed;
    private Throwable failure;
    private final Runnable holdReadable = () -> readable = true;
    private final Runnable holdWritable = () -> writable = true;

    /** Gives the relay its session, and the session what came before it. */
    void attach(HostedConnection running) {
        boolean wasReadable;
        boolean wasWritable;
        boolean hadFailed;
        Throwable cause;
        synchronized (this) {
            session = running;
            wasReadable = readable;
            wasWritable = writable;
            hadFailed = failed;
            cause = failure;
        }
        if (hadFailed) {
            running.failed(cause);
            return;
        }
        if (wasReadable) {
            running.readable();
        }
        if (wasWritable) {
            running.writable();
        }
    }

    @Override
    public void readable() {
        HostedConnection running = sessionOrHold(holdReadable);
        if (running != null) {
            running.readable();
        }
    }

    @Override
    public void writable() {
        HostedConnection running = sessionOrHold(holdWritable);
        if (running != null) {
            running.writable();
        }
    }

    @Override
    public void failed(Throwable cause) {
        HostedConnection running = session;
        if (running == null) {
            synchronized (this) {
                running = session;
                if (running == null) {
                    failed = true;
                    failure = cause;
                    return;
                }
            }
        }
        running.failed(cause);
    }

    /**
     * {@return the session's event loop}
     *
     * @throws IllegalStateException before the session is attached
     */
    @Override
    public Executor eventLoop() {
        HostedConnection running = session;
        if (running == null) {
            throw new IllegalStateException("the session is not attached yet");
        }
        return running.eventLoop();
    }

    /** {@return the session, or null once the signal is held for it} */
    private HostedConnection sessionOrHold(Runnable hold) {
        HostedConnection running = session;
        if (running != null) {
            return running; // the path of every signal after the first few
        }
        synchronized (this) {
            if (session == null) {
                hold.run();
            }
            return session;
        }
    }
}
