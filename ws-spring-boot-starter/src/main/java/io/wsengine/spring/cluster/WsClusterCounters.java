package io.wsengine.spring.cluster;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link WsClusterBus} counted since it started; safe to read from any thread.
 */
public final class WsClusterCounters {
    private final LongAdder published = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    /** {@return messages handed to the bus's broker} */
    public long published() {
        return published.sum();
    }

    /** {@return attempts to publish that failed (the broker down, say); the message waits and is tried again} */
    public long publishFailures() {
        return publishFailures.sum();
    }

    /** {@return messages dropped unpublished: the oldest, once more than {@code ws.cluster.max-pending} waited} */
    public long dropped() {
        return dropped.sum();
    }

    /** {@return other nodes' messages received and delivered to this node's sessions} */
    public long received() {
        return received.sum();
    }

    /** {@return messages received that could not be read (another version, or not ours), and dropped} */
    public long malformed() {
        return malformed.sum();
    }

    /** Counts a message handed to the broker; for bus implementations, as the others below. */
    public void countPublished() {
        published.increment();
    }

    /** Counts an attempt to publish that failed. */
    public void countPublishFailure() {
        publishFailures.increment();
    }

    /** Counts a message dropped unpublished. */
    public void countDropped() {
        dropped.increment();
    }

    /** Counts a received message; for bus implementations. */
    public void countReceived() {
        received.increment();
    }

    /** Counts a received message that could not be read; for bus implementations. */
    public void countMalformed() {
        malformed.increment();
    }

    @Override
    public String toString() {
        return "published=" + published() + ", publishFailures=" + publishFailures() + ", dropped=" + dropped()
                + ", received=" + received() + ", malformed=" + malformed();
    }
}
