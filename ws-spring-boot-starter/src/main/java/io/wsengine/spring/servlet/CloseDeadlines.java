package io.wsengine.spring.servlet;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes that may not wait longer: a hosted connection whose close waits for its last write to leave
 * is closed anyway at its deadline. One daemon thread for the whole JVM, started on first use; its
 * tasks only close connections.
 */
final class CloseDeadlines {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ws-web-port-close-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private CloseDeadlines() {
    }

    /** Runs the close after the delay; a close that happened meanwhile makes it a no-op. */
    static void schedule(Runnable close, long delayMillis) {
        TIMER.schedule(close, delayMillis, TimeUnit.MILLISECONDS);
    }
}
