package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A connection's bytes straight on its socket, registered with the owning loop's selector: the
 * selection key's attachment, it tells its connection what the selector found ready.
 */
final class PlainTransport implements Transport, Selectable {
    private static final System.Logger LOG = System.getLogger(PlainTransport.class.getName());

    private final SocketChannel channel;
    private final Connection connection;
    private SelectionKey key;

    PlainTransport(SocketChannel channel, Connection connection) {
        this.channel = channel;
        this.connection = connection;
    }

    /** Registers the socket with the selector, reading; the connection starts once this returns. */
    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        connection.onReady((ready & SelectionKey.OP_READ) != 0, (ready & SelectionKey.OP_WRITE) != 0);
    }

    @Override
    public void checkTimers(long now) {
        connection.checkTimers(now);
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        return channel.write(from);
    }

    @Override
    public void interest(boolean read, boolean write) {
        int ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
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
