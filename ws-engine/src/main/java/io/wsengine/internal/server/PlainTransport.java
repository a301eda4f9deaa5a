package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A connection's bytes straight on its socket, registered with the owning loop's selector. */
final class PlainTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(PlainTransport.class.getName());

    private final SocketChannel channel;
    private final SelectionKey key;

    PlainTransport(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
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
}
