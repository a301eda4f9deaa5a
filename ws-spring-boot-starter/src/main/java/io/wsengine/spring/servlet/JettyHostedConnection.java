package io.wsengine.spring.servlet;

import io.wsengine.HostedChannel;
import io.wsengine.HostedUpgrade;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * An upgraded Jetty connection as the engine's {@link HostedChannel}: Jetty's own connection on its
 * endpoint, put in place of its HTTP connection once the {@code 101} has gone out, as Jetty's
 * WebSocket support does. (Jetty's servlet upgrade cannot be used: it reads a bodiless GET to its
 * end before the upgrade, and the client's first frames are then parsed as a new request.) The
 * engine's loop reads and writes the endpoint, which allows it from any thread; Jetty's threads
 * only tell the engine when the endpoint can be read again or a write it could not finish at once
 * has finished. Telling is a non-blocking hand-over to the loop, so the connection is {@link
 * AbstractConnection.NonBlocking}: Jetty calls {@link #onFillable()} on its selector thread, not on a
 * pooled thread it would first wake (A, pinned: about 20% more messages per second).
 */
final class JettyHostedConnection extends AbstractConnection.NonBlocking implements HostedChannel, Connection.UpgradeTo {
    private final HostedUpgrade upgrade;
    /** Bytes the HTTP connection had read past the request head: the client's first frames. */
    private ByteBuffer early;
    private final SessionRelay session = new SessionRelay();
    /** Set while Jetty writes what {@link #write} could not write at once; the loop then writes nothing. */
    private volatile boolean writePending;
    /** Set when the engine closed while a write was pending: the close follows the write. */
    private volatile boolean closeAfterWrite;

    JettyHostedConnection(EndPoint endPoint, Executor executor, HostedUpgrade upgrade) {
        super(endPoint, executor);
        this.upgrade = upgrade;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        early = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
    }

    /** Jetty has put this connection on the endpoint: the engine's session begins. */
    @Override
    public void onOpen() {
        super.onOpen();
        session.attach(upgrade.open(this)); // its first read finds the early bytes, then the endpoint
    }

    @Override
    public void onFillable() {
        session.readable();
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        failed(cause);
    }

    /** The engine's idle timeout and pings govern a WebSocket, not the HTTP connector's. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return closeAfterWrite; // only a close waiting for a peer that reads nothing gives way to it
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        failed(cause); // released already when the engine closed it; otherwise the connection is gone
    }

    // ---- the engine's loop

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (early != null) {
            int count = Math.min(into.remaining(), early.remaining());
            into.put(into.position(), early, early.position(), count).position(into.position() + count);
            early.position(early.position() + count);
            if (!early.hasRemaining()) {
                early = null;
            }
            return count;
        }
        ByteBuffer view = into.slice();
        view.limit(0); // Jetty fills from the limit on: an empty buffer in its convention
        int count = getEndPoint().fill(view);
        if (count > 0) {
            into.position(into.position() + count);
        } else if (count == 0 && !isFillInterested()) {
            fillInterested(); // onFillable tells the engine when there is more; asking twice would throw
        }
        return count;
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        if (writePending) {
            return 0;
        }
        int before = from.remaining();
        if (getEndPoint().flush(from)) {
            return before;
        }
        // The socket took part: Jetty writes the rest, from a copy, and says when it has.
        ByteBuffer rest = ByteBuffer.allocate(from.remaining()).put(from).flip();
        writePending = true;
        getEndPoint().write(Callback.from(this::written, this::failed), rest);
        return before;
    }

    private void written() {
        writePending = false;
        if (closeAfterWrite) {
            getEndPoint().close();
            return;
        }
        session.writable();
    }

    /** Closes once a pending write has left (closing fails it); Jetty's idle timeout bounds the wait. */
    @Override
    public void close() {
        if (writePending) {
            closeAfterWrite = true;
            if (writePending) {
                return; // written() closes
            }
        }
        getEndPoint().close();
    }

    private void failed(Throwable cause) {
        session.failed(cause);
    }
}
