package io.wsengine.spring.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Publishes envelopes to a broker on a thread of its own, so that no caller (an event loop above
 * all) ever waits for the broker. At most {@code maxPending} envelopes wait, besides the one being
 * published; one more drops the oldest. An envelope the broker refuses (it is down, say) goes first in
 * line again and is tried again,
 * after a pause that grows to a second, so that what waits goes out in order once the broker is
 * back. Failures and drops are counted, and logged at most once a minute.
 *
 * @param <T> what is published, such as an envelope's bytes
 */
public final class BoundedPublisher<T> implements AutoCloseable {
    private static final Log LOG = LogFactory.getLog(BoundedPublisher.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * Where envelopes go: a broker's publish, which may block and may fail.
     *
     * @param <T> what is published
     */
    @FunctionalInterface
    public interface Sink<T> {
        /**
         * Publishes one envelope.
         *
         * @param envelope what to publish
         * @throws Exception if the broker did not take it
         */
        void publish(T envelope) throws Exception;
    }

    private final Sink<T> sink;
    private final int maxPending;
    private final WsClusterCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<T> pending = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    /** Whether the thread holds an envelope it took, publishing it. */
    private boolean inFlight;
    private volatile boolean failing;
    private long lastFailureLog = System.nanoTime() - LOG_INTERVAL_NANOS;
    private long lastDropLog = System.nanoTime() - LOG_INTERVAL_NANOS;

    /**
     * Creates the publisher and starts its thread.
     *
     * @param name       the thread's name
     * @param sink       where envelopes go
     * @param maxPending envelopes that may wait, at least 1
     * @param counters   where publishes, failures and drops are counted
     */
    public BoundedPublisher(String name, Sink<T> sink, int maxPending, WsClusterCounters counters) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, not " + maxPending);
        }
        this.sink = sink;
        this.maxPending = maxPending;
        this.counters = counters;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues an envelope; never blocks (but for the queue's lock).
     *
     * @param envelope what to publish, not to be changed afterwards
     */
    public void offer(T envelope) {
        lock.lock();
        try {
            if (closed) {
                counters.countDropped();
                return;
            }
            if (pending.size() >= maxPending) {
                pending.pollFirst();
                counters.countDropped();
                if (System.nanoTime() - lastDropLog >= LOG_INTERVAL_NANOS) {
                    lastDropLog = System.nanoTime();
                    LOG.warn("More than " + maxPending + " cluster messages wait to be published: the oldest are"
                            + " dropped (" + counters.dropped() + " so far; ws.cluster.max-pending)");
                }
            }
            pending.addLast(envelope);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many envelopes wait now, with the one being published} */
    public int pending() {
        lock.lock();
        try {
            return pending.size() + (inFlight ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether the last attempt to publish failed (the broker is down, say)} */
    public boolean isFailing() {
        return failing;
    }

    private void run() {
        long pause = 0;
        while (true) {
            T next = nextToPublish(pause);
            if (next == null) {
                return;
            }
            try {
                sink.publish(next);
                counters.countPublished();
                failing = false;
                pause = 0;
                finished();
            } catch (Exception e) {
                counters.countPublishFailure();
                failing = true;
                pause = pause == 0 ? FIRST_PAUSE_NANOS : Math.min(LONGEST_PAUSE_NANOS, pause * 2);
                logFailure(e);
                putBack(next);
            }
        }
    }

    /** Waits for an envelope, after a pause when the last attempt failed, and takes it; null once closed. */
    private T nextToPublish(long pauseNanos) {
        lock.lock();
        try {
            long pause = pauseNanos;
            while (!closed && pause > 0) {
                pause = changed.awaitNanos(pause); // an offer wakes it early: it then waits out the rest
            }
            while (!closed && pending.isEmpty()) {
                changed.await();
            }
            if (closed) {
                return null;
            }
            inFlight = true;
            return pending.pollFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void finished() {
        lock.lock();
        try {
            inFlight = false;
        } finally {
            lock.unlock();
        }
    }

    /** A refused envelope goes first in line again, unless newer ones fill the bound: it is the oldest. */
    private void putBack(T envelope) {
        lock.lock();
        try {
            inFlight = false;
            if (closed || pending.size() >= maxPending) {
                counters.countDropped();
            } else {
                pending.addFirst(envelope);
            }
        } finally {
            lock.unlock();
        }
    }

    private void logFailure(Exception e) {
        long now = System.nanoTime();
        if (now - lastFailureLog >= LOG_INTERVAL_NANOS) {
            lastFailureLog = now;
            LOG.warn("Cannot publish to the cluster bus (" + counters.publishFailures() + " failed attempts so far;"
                    + " local delivery goes on, and the messages wait): " + e);
        }
    }

    /**
     * Stops the thread, waiting at most this long for a publish under way; what still waits is dropped
     * and counted.
     *
     * @param wait how long to wait for the thread
     */
    public void close(Duration wait) {
        lock.lock();
        try {
            closed = true;
            for (int i = pending.size(); i > 0; i--) {
                counters.countDropped();
            }
            pending.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
