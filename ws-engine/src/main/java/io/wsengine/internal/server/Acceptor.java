package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Accepts connections on the listening socket and deals them to the event loops in turn. */
final class Acceptor implements Selectable {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final ServerSocketChannel listener;
    private final EventLoop[] loops;
    private int next;

    Acceptor(ServerSocketChannel listener, EventLoop[] loops) {
        this.listener = listener;
        this.loops = loops;
    }

    @Override
    public void onReady(SelectionKey key) {
        for (int accepted = 0; accepted < 256; accepted++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                // typically EMFILE: out of file descriptors; the next select retries
                LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            loops[next].adopt(channel);
            next = (next + 1) % loops.length;
        }
    }

    @Override
    public String toString() {
        return "acceptor " + listener;
    }
}
