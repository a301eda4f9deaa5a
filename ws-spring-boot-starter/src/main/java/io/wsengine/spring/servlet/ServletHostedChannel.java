package io.wsengine.spring.servlet;

import io.wsengine.HostedChannel;
import io.wsengine.HostedConnection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A servlet container's upgraded connection as the engine's {@link HostedChannel}, in non-blocking
 * mode. Input is read in the container's callback, {@link #onDataAvailable()}: Tomcat keeps
 * dispatching that callback while bytes are unread and fills its read buffer in it, so a read from
 * outside it races with it. On Tomcat the callback runs on its poller, or for TLS on the session's
 * loop ({@link TomcatUpgradeDispatch}); elsewhere on a container thread. What it reads waits in a
 * queue for the loop, bounded by {@code maxUnread}: a connection whose session leaves more unread
 * (while it is paused) is dropped, as its socket cannot be left unread without the container
 * calling back again and again. Output is written from the engine's loop, which both containers allow.
 */
final class ServletHostedChannel implements HostedChannel, ReadListener, WriteListener {
    /** The loops' bytes are in direct buffers and the streams take arrays: one staging array per thread. */
    private static final ThreadLocal<byte[]> STAGING = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final WebConnection connection;
    private final ServletInputStream input;
    private final ServletOutputStream output;
    private final long maxUnread;
    /** How long a close waits for the last write to leave before it closes anyway. */
    private final long closeTimeoutMillis;
    private final ConcurrentLinkedQueue<ByteBuffer> unread = new ConcurrentLinkedQueue<>();
    private final AtomicLong unreadBytes = new AtomicLong();
    private final SessionRelay session = new SessionRelay();
    /** Tomcat's socket under the connection; null on another container. */
    private final TomcatSocket tomcatSocket;
    private volatile boolean inputEnded;
    private volatile boolean closed;
    private final AtomicBoolean connectionClosed = new AtomicBoolean();

    ServletHostedChannel(WebConnection connection, long maxUnread, Duration closeTimeout) throws IOException {
        this.connection = connection;
        this.input = connection.getInputStream();
        this.output = connection.getOutputStream();
        this.maxUnread = maxUnread;
        this.closeTimeoutMillis = closeTimeout.toMillis();
        this.tomcatSocket = TomcatSocket.of(output);
    }

    /** Switches both streams to non-blocking mode; the container calls back from now on. */
    void listen() {
        input.setReadListener(this);
        output.setWriteListener(this);
    }

    /**
     * Gives the channel its session. On Tomcat, the container's callbacks of this connection run off
     * its worker pool from now on ({@link TomcatUpgradeDispatch}).
     */
    void runs(HostedConnection running) {
        session.attach(running);
        if (tomcatSocket != null) {
            tomcatSocket.dispatchOn(running.eventLoop());
        }
    }

    // ---- the engine's loop

    @Override
    public int read(ByteBuffer into) {
        int count = 0;
        ByteBuffer chunk;
        while (into.hasRemaining() && (chunk = unread.peek()) != null) {
            int taken = Math.min(into.remaining(), chunk.remaining());
            into.put(into.position(), chunk, chunk.position(), taken).position(into.position() + taken);
            chunk.position(chunk.position() + taken);
            if (!chunk.hasRemaining()) {
                unread.poll();
            }
            count += taken;
        }
        unreadBytes.addAndGet(-count);
        if (count == 0 && inputEnded && unread.isEmpty()) {
            return -1;
        }
        return count;
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        byte[] staging = STAGING.get();
        int written = 0;
        // One write per isReady(): a write while not ready throws, and the staging array is reused
        // only once the stream has taken the last one.
        while (from.hasRemaining() && output.isReady()) {
            int count = Math.min(staging.length, from.remaining());
            from.get(staging, 0, count);
            output.write(staging, 0, count); // taken whole: the container buffers what the socket does not take
            written += count;
        }
        if (written > 0 && output.isReady()) {
            output.flush();
        }
        return written;
    }

    /**
     * Closes once what was written has left: closing with bytes still in the container's buffer would
     * drop them (our close frame, say). While they are on their way, {@link #onWritePossible()} closes.
     */
    @Override
    public void close() {
        closed = true;
        if (writeUnderWay()) {
            // onWritePossible follows the write, and closes; a peer that reads nothing gets no more time
            // than the close timeout (Tomcat sets no timeout of its own on an upgraded connection)
            CloseDeadlines.schedule(this::closeNow, closeTimeoutMillis);
            return;
        }
        closeNow();
    }

    private boolean writeUnderWay() {
        try {
            return !output.isReady();
        } catch (IllegalStateException e) {
            return false; // the stream failed or closed: nothing more will leave
        }
    }

    /** Closes now unless our last bytes are still on their way: closing would drop them. */
    private void closeIfWritten() {
        if (!writeUnderWay()) {
            closeNow();
        }
    }

    private void closeNow() {
        if (!connectionClosed.compareAndSet(false, true)) {
            return; // the loop and a container thread may both close
        }
        try {
            connection.close();
        } catch (Exception e) {
            // the connection is gone either way
        }
        if (tomcatSocket != null) {
            tomcatSocket.closed();
        }
    }

    // ---- the container's threads

    @Override
    public void onDataAvailable() throws IOException {
        boolean read = false;
        while (!closed && input.isReady()) {
            if (unreadBytes.get() > maxUnread) {
                failed(new IOException("the session left more than " + maxUnread + " bytes unread"));
                return;
            }
            byte[] staging = STAGING.get();
            int count = input.read(staging);
            if (count < 0) {
                break;
            }
            if (count > 0) {
                unread.add(ByteBuffer.wrap(Arrays.copyOf(staging, count))); // what arrived, no more
                unreadBytes.addAndGet(count);
                read = true;
            }
        }
        if (closed) {
            closeIfWritten(); // what the peer sends after the close is dropped
        } else if (read) {
            notifyReadable();
        }
    }

    @Override
    public void onAllDataRead() {
        inputEnded = true;
        if (closed) {
            closeIfWritten();
        } else {
            notifyReadable(); // the engine's next read finds the end
        }
    }

    @Override
    public void onWritePossible() {
        if (closed) {
            closeNow(); // what was written before the close has left
            return;
        }
        session.writable();
    }

    @Override
    public void onError(Throwable failure) {
        if (failure instanceof EOFException) {
            onAllDataRead(); // Tomcat's way of telling the peer closed its side
            return;
        }
        failed(failure);
    }

    private void notifyReadable() {
        session.readable();
    }

    private void failed(Throwable failure) {
        session.failed(failure);
        closed = true;
        closeNow();
    }
}
