package io.wsengine.spring.support;

import io.wsengine.WsSession;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one session's endpoint calls on an executor, one at a time and in arrival order, so a blocking
 * endpoint holds up only its own session. When too many calls wait, it pauses reading from the client
 * (TCP then slows the client down) and resumes once half of them have run.
 */
final class SessionDispatcher implements Runnable {
    private static final Log LOG = LogFactory.getLog(SessionDispatcher.class);
    /** Calls run per executor task before yielding the thread to other sessions. */
    private static final int BATCH = 16;

    private final Executor executor;
    private final WsSession session;
    private final int maxQueued;
    private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
    /** Calls queued or running; the one that takes it from 0 to 1 schedules the drain. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Guarded by this: whether we asked the session to pause reading. */
    private boolean readingPaused;

    SessionDispatcher(Executor executor, WsSession session, int maxQueued) {
        this.executor = executor;
        this.session = session;
        this.maxQueued = maxQueued;
    }

    void dispatch(Runnable call) {
        calls.add(call);
        int queued = pending.incrementAndGet();
        if (queued == 1) {
            schedule();
        } else if (queued > maxQueued) {
            updateReading();
        }
    }

    /**
     * Pauses reading above the limit and resumes at half of it, deciding from the count as it is now,
     * under a lock: the last request the session gets is always the right one.
     */
    private synchronized void updateReading() {
        int queued = pending.get();
        if (!readingPaused && queued > maxQueued) {
            readingPaused = true;
            session.pauseReading();
        } else if (readingPaused && queued <= maxQueued / 2) {
            readingPaused = false;
            session.resumeReading();
        }
    }

    private void schedule() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            run(); // the executor is shutting down with the application: finish the calls here
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < BATCH; i++) {
            try {
                calls.poll().run();
            } catch (Throwable t) {
                // calls handle their own failures; this keeps the session's queue alive whatever happens
                LOG.error("WebSocket session " + session.id() + ": dispatch failed", t);
            }
            int left = pending.decrementAndGet();
            if (left <= maxQueued / 2) {
                updateReading();
            }
            if (left == 0) {
                return;
            }
        }
        schedule(); // more are waiting: yield, then go on
    }
}
