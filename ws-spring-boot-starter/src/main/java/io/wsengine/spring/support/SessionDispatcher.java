package io.wsengine.spring.support;

import io.wsengine.WsSession;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one session's endpoint calls on the scheduler's executor, one at a time and in arrival order,
 * so a blocking endpoint holds up only its own session. When too many calls wait, it pauses reading from the client
 * (TCP then slows the client down) and resumes once half of them have run.
 */
final class SessionDispatcher implements Runnable {
    private static final Log LOG = LogFactory.getLog(SessionDispatcher.class);
    /** Calls run per turn before other sessions get theirs. */
    private static final int BATCH = 16;

    private final SessionScheduler scheduler;
    private final WsSession session;
    private final int maxQueued;
    private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
    /** Calls queued or running; the one that takes it from 0 to 1 schedules the drain. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Guarded by this: whether we asked the session to pause reading. */
    private boolean readingPaused;
    /** Completed when no call is left: set once the session closes, when no more calls come. */
    private volatile CompletableFuture<Void> idle;

    SessionDispatcher(SessionScheduler scheduler, WsSession session, int maxQueued) {
        this.scheduler = scheduler;
        this.session = session;
        this.maxQueued = maxQueued;
    }

    void dispatch(Runnable call) {
        calls.add(call);
        int queued = pending.incrementAndGet();
        if (queued == 1) {
            scheduler.submit(this, session.eventLoop());
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

    /**
     * A stage that completes once every call dispatched so far has run, and so has queued its reply.
     * The session asks for it when it is about to close, after its last message: no call comes after.
     */
    CompletionStage<Void> whenIdle() {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        idle = stage;
        // Read after the write: run() writes pending, then reads idle, so one of the two sees the other.
        if (pending.get() == 0) {
            stage.complete(null);
        }
        return stage;
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
                CompletableFuture<Void> stage = idle;
                if (stage != null) {
                    stage.complete(null);
                }
                return;
            }
        }
        scheduler.resubmit(this); // more are waiting: let other sessions have a turn, then go on
    }
}
