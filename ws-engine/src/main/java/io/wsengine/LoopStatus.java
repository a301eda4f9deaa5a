package io.wsengine;

import java.time.Duration;

/**
 * One event loop's liveness, for health checks ({@link WsServer#loopStatuses()}). Every loop runs a
 * timer tick every 100 ms; its lag is how late that tick runs. A loop whose handler blocks, or that
 * has more work than it can do, ticks late: its lag grows while it is held up, and falls back once it
 * turns again.
 *
 * @param name         the loop's thread name, such as {@code ws-loop-0}
 * @param lag          how late the loop is now: the last tick's lag, or, while the next tick is overdue,
 *                     how overdue it already is (so a loop that is blocked right now shows it)
 * @param recentMaxLag the largest lag of the last 10 to 20 seconds, the current one included
 * @param alive        whether the loop's thread runs and has ticked within the last
 *                     {@link #STALLED_AFTER}; false once its thread has ended, or while it is stuck
 */
public record LoopStatus(String name, Duration lag, Duration recentMaxLag, boolean alive) {
    /** How long a loop may go without a tick before it counts as stuck, not merely late: 30 s. */
    public static final Duration STALLED_AFTER = Duration.ofSeconds(30);
}
