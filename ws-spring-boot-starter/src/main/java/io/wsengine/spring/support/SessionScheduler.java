package io.wsengine.spring.support;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs the turns of sessions that have calls waiting on an executor, through draining tasks that take
 * one waiting session after another until none is left. A burst of messages to many sessions then
 * costs a thread wake-up or two, not one per session: waking a pool thread and parking it again costs
 * more than a short endpoint call. A session that starts waiting on an event loop starts no drainer
 * at once: the loop starts one, if still needed, after every socket of its turn, so that all the
 * messages of one turn go to the pool together.
 *
 * <p>A call that blocks holds up only its own drainer. Before a drainer runs a turn, it makes sure that
 * some other drainer is looking for work if sessions are waiting, so the others go on as long as the
 * executor has threads, as they would with a task per turn.
 */
final class SessionScheduler {
    private static final Log LOG = LogFactory.getLog(SessionScheduler.class);
    /** Turns a drainer runs before it gives its thread back, so other tasks of a shared executor get theirs. */
    private static final int TURNS_PER_TASK = 64;

    private final Executor executor;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** Drainers looking for a session to run, counting those submitted to the executor and not yet started. */
    private final AtomicInteger searching = new AtomicInteger();
    private final Runnable drainer = this::drain;
    /** Per thread: whether it is draining, and its deferred start (one per event loop thread). */
    private final ThreadLocal<ThreadState> threadState = ThreadLocal.withInitial(ThreadState::new);

    SessionScheduler(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs the turn soon on the executor; a turn is submitted again only once it has run.
     *
     * @param eventLoop where a drainer is started if one is needed: from the loop's own thread, once
     *                  the loop's current turn is done
     */
    void submit(Runnable turn, Executor eventLoop) {
        waiting.add(turn);
        // Read after the add; a drainer that stops searching decrements and then looks at the queue
        // again, so one of the two always sees the other and no turn is left waiting.
        if (searching.get() == 0) {
            ThreadState state = threadState.get();
            if (state.deferredStart == null) {
                state.deferredStart = new DeferredStart();
            }
            DeferredStart start = state.deferredStart;
            if (start.pending.compareAndSet(false, true)) {
                eventLoop.execute(start);
            }
        }
    }

    /**
     * Queues again a turn that is running now and has more calls waiting. The drainer running it looks
     * for work once the turn returns, so it needs no new drainer: it only goes to the back of the line.
     */
    void resubmit(Runnable turn) {
        waiting.add(turn);
    }

    private void startDrainer(boolean fromDrainer) {
        searching.incrementAndGet();
        if (!handToExecutor()) {
            if (fromDrainer) {
                searching.decrementAndGet(); // the executor takes no more: the current drainer goes on alone
            } else {
                drain(); // the executor is shutting down with the application: finish the calls here
            }
        }
    }

    /**
     * Gives the executor a drainer. False when it refuses, or when it ran the drainer on this very
     * thread while this thread drains (a caller-runs policy): nesting drainers would grow the stack
     * with every waiting session, so the nested one returns at once and this thread goes on.
     */
    private boolean handToExecutor() {
        ThreadState state = threadState.get();
        state.refusedNested = false;
        try {
            executor.execute(drainer);
        } catch (RejectedExecutionException e) {
            return false;
        }
        return !state.refusedNested;
    }

    private void drain() {
        ThreadState state = threadState.get();
        if (state.draining) {
            state.refusedNested = true;
            return;
        }
        state.draining = true;
        try {
            drainWaiting();
        } finally {
            state.draining = false;
            state.refusedNested = false; // refusals inside were answers to this drainer's own hand-overs
        }
    }

    private void drainWaiting() {
        for (int turns = 0; ; turns++) {
            if (turns >= TURNS_PER_TASK) {
                if (yieldThread()) {
                    return;
                }
                turns = 0;
            }
            Runnable turn = waiting.poll();
            if (turn == null) {
                searching.decrementAndGet();
                if (waiting.isEmpty()) {
                    return;
                }
                searching.incrementAndGet(); // a turn came as we stopped: take it
                continue;
            }
            if (searching.decrementAndGet() == 0 && !waiting.isEmpty()) {
                startDrainer(true); // this turn may block: someone else takes the next session
            }
            try {
                turn.run();
            } catch (Throwable t) {
                LOG.error("WebSocket dispatch failed", t); // turns handle their own failures; this keeps draining
            }
            searching.incrementAndGet();
        }
    }

    /** Hands the draining, still counted as searching, to a new task at the back of the executor's queue. */
    private boolean yieldThread() {
        return !waiting.isEmpty() && handToExecutor();
    }

    /** Starts a drainer at the end of an event loop's turn, if one is still needed then. */
    private final class DeferredStart implements Runnable {
        final AtomicBoolean pending = new AtomicBoolean();

        @Override
        public void run() {
            pending.set(false); // before looking: a turn added meanwhile either sees it clear or is seen here
            if (searching.get() == 0 && !waiting.isEmpty()) {
                startDrainer(false);
            }
        }
    }

    /**
     * Static, and the deferred start made only on threads that submit (event loops): a pool thread
     * that outlives the application then keeps nothing of this scheduler.
     */
    private static final class ThreadState {
        DeferredStart deferredStart;
        boolean draining;
        boolean refusedNested;
    }
}
