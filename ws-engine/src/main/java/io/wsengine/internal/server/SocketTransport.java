package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket, registered with the owning loop's selector: the selection key's attachment,
 * it tells its connection what the selector found ready. What goes over the socket, plain bytes or
 * TLS records, is the subclass's.
 */
abstract class SocketTransport implements Transport, Selectable {
    private static final System.Logger LOG = System.getLogger(SocketTransport.class.getName());

    final SocketChannel channel;
    final Connection connection;
    SelectionKey key;

    SocketTransport(SocketChannel channel, Connection connection) {
        this.channel = channel;
        this.connection = connection;
    }

    /** Registers the socket with the selector, reading; the connection starts once this returns. */
    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    final Connection connection() {
        return connection;
    }

    @Override
    public void checkTimers(long now) {
        connection.checkTimers(now);
    }

    /** Sets the selection key's interest, when it changed. */
    final void selectFor(boolean read, boolean write) {
        int ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Cancels the key and closes the socket. */
    final void closeSocket() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + channel, e);
        }
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
