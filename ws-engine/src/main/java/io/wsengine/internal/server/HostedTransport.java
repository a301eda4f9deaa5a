package io.wsengine.internal.server;

import io.wsengine.HostedChannel;
import io.wsengine.HostedConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection that another server accepted and carries ({@link HostedChannel}, such as a servlet
 * container's upgraded connection), under the protocol core. The host tells when it can be read or
 * written again only after a read found nothing or a write was cut short, so this transport keeps
 * what it was told and, while the connection wants to read or write and the host has not said
 * otherwise, runs the connection again from the loop's task queue: level-triggered readiness, as the
 * selector gives the socket transports. Loop-only fields are touched by the owning loop alone;
 * {@link HostedConnection}'s methods may be called from any thread and only post to the loop.
 */
final class HostedTransport implements Transport, HostedConnection {
    private static final System.Logger LOG = System.getLogger(HostedTransport.class.getName());

    private final HostedChannel channel;
    private final EventLoop loop;
    private Connection connection;
    // Event loop only.
    private boolean readWanted = true;
    private boolean writeWanted;
    /** True until a read finds nothing: the host says when there is more. */
    private boolean readReady = true;
    /** True until a write is cut short: the host says when it has room. */
    private boolean writeReady = true;
    private boolean runScheduled;
    private boolean closed;
    // From the host's threads: set while news of readiness waits in the loop's queue.
    private final AtomicBoolean readableNews = new AtomicBoolean();
    private final AtomicBoolean writableNews = new AtomicBoolean();
    private final Runnable onReadable = this::takeReadableNews;
    private final Runnable onWritable = this::takeWritableNews;
    private final Runnable run = this::runTurn;
    private final Executor onLoop = this::executeOnLoop;

    HostedTransport(HostedChannel channel, EventLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    void bind(Connection connection) {
        this.connection = connection;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (closed) {
            return -1;
        }
        int count;
        try {
            count = channel.read(into);
        } catch (RuntimeException e) {
            throw new IOException("the host's connection failed", e); // the host's failure, not the loop's
        }
        if (count == 0) {
            readReady = false;
        }
        return count;
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        if (closed) {
            throw new IOException("the hosted connection is closed");
        }
        int count;
        try {
            count = channel.write(from);
        } catch (RuntimeException e) {
            throw new IOException("the host's connection failed", e); // a stream closed under us, say
        }
        if (from.hasRemaining()) {
            writeReady = false;
        }
        return count;
    }

    @Override
    public void interest(boolean read, boolean write) {
        readWanted = read;
        writeWanted = write;
        runIfReady();
    }

    /** A host cannot half-close: the connection closes once the last frame is handed over, and reads end. */
    @Override
    public void shutdownOutput() {
        closeChannel();
        readReady = true;
        runIfReady();
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void closeChannel() {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private void runIfReady() {
        if (!runScheduled && ((readWanted && readReady) || (writeWanted && writeReady))) {
            runScheduled = true;
            loop.executeNextTurn(run); // after the selector's next look: one busy connection cannot starve the loop
        }
    }

    /** One turn of the connection, as the selector would give it; again later while still ready. */
    private void runTurn() {
        runScheduled = false;
        if (connection == null || connection.released) {
            return; // never adopted (the loop was shutting down), or gone
        }
        connection.onReady(readWanted && readReady, writeWanted && writeReady);
        if (!connection.released) {
            runIfReady();
        }
    }

    // ---- from the host, any thread

    @Override
    public void readable() {
        if (loop.inEventLoop()) {
            readReady = true; // the host called back on the loop: nothing to hand over
            runIfReady();
        } else if (readableNews.compareAndSet(false, true)) {
            loop.execute(onReadable); // news not yet taken covers this one too: one task, however many calls
        }
    }

    @Override
    public void writable() {
        if (loop.inEventLoop()) {
            writeReady = true;
            runIfReady();
        } else if (writableNews.compareAndSet(false, true)) {
            loop.execute(onWritable);
        }
    }

    @Override
    public Executor eventLoop() {
        return onLoop;
    }

    /**
     * A task an ended loop would never run is refused instead, so that the host runs it elsewhere. A
     * task given while the loop ends runs in its last round of tasks, or not at all: by then the
     * loop has released this connection and closed its channel.
     */
    private void executeOnLoop(Runnable task) {
        if (!loop.isRunning()) {
            throw new RejectedExecutionException("the event loop " + loop + " has ended");
        }
        loop.execute(task);
    }

    private void takeReadableNews() {
        readableNews.set(false); // before acting: news that comes after gets a task of its own
        readReady = true;
        runIfReady();
    }

    private void takeWritableNews() {
        writableNews.set(false);
        writeReady = true;
        runIfReady();
    }

    @Override
    public void failed(Throwable failure) {
        loop.execute(() -> {
            if (connection == null) {
                return; // never adopted: closed already
            }
            LOG.log(Level.DEBUG, "hosted connection of " + connection + " failed", failure);
            connection.release();
        });
    }

    @Override
    public String toString() {
        return String.valueOf(connection);
    }
}
