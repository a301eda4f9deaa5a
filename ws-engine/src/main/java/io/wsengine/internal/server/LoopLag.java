package io.wsengine.internal.server;

import io.wsengine.LoopStatus;
import java.time.Duration;

/**
 * How late one event loop's timer ticks run. Written by the loop once per tick (every 100 ms, so a
 * few volatile writes there cost nothing measurable), read by any thread. Nothing on the read or
 * write path touches it.
 */
final class LoopLag {
    /** The recent maximum covers the current window and the one before it. */
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long STALLED_NANOS = LoopStatus.STALLED_AFTER.toNanos();

    /** When the pending tick is due. */
    private volatile long due;
    private volatile long lastLag;
    private volatile long windowMax;
    private volatile long previousWindowMax;
    /** Event loop only. */
    private long windowStart;

    LoopLag(long now, long firstDue) {
        this.due = firstDue;
        this.windowStart = now;
    }

    /** A tick due at {@code due} runs at {@code now}; the next is due at {@code next}. Event loop only. */
    void ticked(long now, long next) {
        long lag = Math.max(0, now - due);
        lastLag = lag;
        if (now - windowStart >= WINDOW_NANOS) {
            previousWindowMax = windowMax;
            windowMax = lag;
            windowStart = now;
        } else if (lag > windowMax) {
            windowMax = lag;
        }
        due = next;
    }

    /** The last tick's lag, or how overdue the pending tick is, whichever is larger. Any thread. */
    long lagNanos(long now) {
        return Math.max(lastLag, now - due);
    }

    LoopStatus status(String name, boolean threadAlive, long now) {
        long lag = lagNanos(now);
        long max = Math.max(lag, Math.max(windowMax, previousWindowMax));
        return new LoopStatus(name, Duration.ofNanos(lag), Duration.ofNanos(max),
                threadAlive && lag < STALLED_NANOS);
    }
}
