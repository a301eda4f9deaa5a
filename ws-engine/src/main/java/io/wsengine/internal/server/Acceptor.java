package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Accepts connections on the listening socket and deals them to the event loops in turn. When accept
 * fails, typically for want of file descriptors (EMFILE), the pending connection stays in the backlog
 * and the socket stays ready: accepting then pauses for a timer tick rather than spinning the loop and
 * flooding the log (one warning a minute at most), and resumes on its own once descriptors are free.
 */
final class Acceptor implements Selectable {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final long PAUSE_NANOS = 100_000_000L;
    /** At the descriptor limit with clients coming and going, accept fails again after every few successes. */
    private static final long WARNING_INTERVAL_NANOS = 60_000_000_000L;

    private final ServerSocketChannel listener;
    private final EventLoop[] loops;
    private int next;
    private SelectionKey key;
    private long resumeAt;
    private boolean paused;
    private boolean warned;
    private long lastWarningAt;
    /** Failed accepts since the last warning. */
    private int failures;

    Acceptor(ServerSocketChannel listener, EventLoop[] loops) {
        this.listener = listener;
        this.loops = loops;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        this.key = readyKey;
        for (int accepted = 0; accepted < 256; accepted++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                pause(e);
                return;
            }
            if (channel == null) {
                return;
            }
            loops[next].adopt(channel);
            next = (next + 1) % loops.length;
        }
    }

    private void pause(IOException failure) {
        if (!key.isValid()) {
            return; // the server is stopping: its listener is closed
        }
        long now = System.nanoTime();
        paused = true;
        resumeAt = now + PAUSE_NANOS;
        key.interestOps(0);
        failures++;
        if (!warned || now - lastWarningAt >= WARNING_INTERVAL_NANOS) {
            warned = true;
            lastWarningAt = now;
            LOG.log(Level.WARNING, "accept failed " + failures + " time(s) since the last warning; new connections"
                    + " wait in the backlog while accepting pauses for " + PAUSE_NANOS / 1_000_000
                    + " ms at a time: " + failure.getMessage());
            failures = 0;
        }
    }

    @Override
    public void checkTimers(long now) {
        if (paused && now - resumeAt >= 0) {
            paused = false;
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }

    @Override
    public String toString() {
        return "acceptor " + listener;
    }
}
