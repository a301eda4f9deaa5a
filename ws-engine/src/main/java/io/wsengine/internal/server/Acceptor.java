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
 * flooding the log, and resumes on its own once descriptors are free again.
 */
final class Acceptor implements Selectable {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final long PAUSE_NANOS = 100_000_000L;

    private final ServerSocketChannel listener;
    private final EventLoop[] loops;
    private int next;
    private SelectionKey key;
    private long resumeAt;
    private boolean paused;
    /** Whether the failure now going on is logged already: once until an accept succeeds again. */
    private boolean failureLogged;

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
            failureLogged = false;
            loops[next].adopt(channel);
            next = (next + 1) % loops.length;
        }
    }

    private void pause(IOException failure) {
        if (!key.isValid()) {
            return; // the server is stopping: its listener is closed
        }
        paused = true;
        resumeAt = System.nanoTime() + PAUSE_NANOS;
        key.interestOps(0);
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "accept failed, pausing new connections for " + PAUSE_NANOS / 1_000_000
                    + " ms at a time until it works again: " + failure.getMessage());
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
