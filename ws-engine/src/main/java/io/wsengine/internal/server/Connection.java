package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.OverflowPolicy;
import io.wsengine.SessionSnapshot;
import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import io.wsengine.WsSessionClosedException;
import io.wsengine.internal.frame.FrameReader;
import io.wsengine.internal.frame.ProtocolException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The protocol core of one client connection, from the first byte of its upgrade request to the close
 * of its socket: the handshake, frames in and out, the close handshake, limits and timers, over a
 * {@link Transport}. Split by job into layers: {@link SessionBase} (what a session is),
 * {@link SessionOutput} (sending, from any thread), {@link SessionInput} (what the peer's frames do)
 * and this class, which reads (the upgrade request, then frames), writes, keeps the timers and
 * releases. Together they are the {@link WsSession} the application sees. Owned by one event loop:
 * every field not marked otherwise is touched only by that thread. Other threads reach it only
 * through the send and close methods, which queue frames and ask the loop to flush.
 */
final class Connection extends SessionHandshake {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    // Shared with other threads.
    // Plain fields with VarHandles rather than Atomic* objects: an idle connection should cost little.
    private static final VarHandle FLUSH_SCHEDULED;

    static {
        try {
            FLUSH_SCHEDULED = MethodHandles.lookup().findVarHandle(Connection.class, "flushScheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean flushScheduled;

    // Event loop only.
    /** The connection's bytes: read from it, written to it, its readiness asked of it. */
    private Transport transport;
    /** Borrowed from the loop while a frame or message is unfinished; null between messages. */
    private FrameReader frameReader;
    private boolean opened;
    private boolean inputEnded;
    private boolean writeInterest;
    /** What the application last asked for; the loop applies it, whatever order the requests arrive in. */
    private volatile boolean readPaused;
    /**
     * When the peer last made progress: a read; or, while reading is paused for the outbound bytes,
     * a write it took. The idle timeout and the stall bound of {@link OverflowPolicy#PAUSE_READING} count from it.
     */
    private long lastReadAt;
    /** Whether the listener was last told that reading is paused. */
    private boolean reportedPaused;
    /** Bytes read since the connection was accepted (the upgrade request included), and when the session opened (epoch ms): for snapshots. */
    private long bytesIn;
    private long openedAtMillis;

    Connection(EventLoop loop, ServerContext server, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress) {
        super(loop, server, remoteAddress, localAddress);
    }

    void start(Transport transport, long now) {
        this.transport = transport;
        beginUpgrade();
        this.deadline = now + server.handshakeTimeoutNanos;
        this.lastReadAt = now;
    }

    /** Starts a session whose upgrade a host accepted and answered: open from the first byte. */
    void startHosted(HostedTransport transport, Handshaker.Outcome outcome, long now) {
        this.transport = transport;
        this.hosted = true;
        this.lastReadAt = now;
        open(outcome);
        if (state != State.CLOSED) {
            updateInterest();
        }
    }

    // ---- reading

    /** The transport has the peer's bytes to read, room to write, or both. */
    void onReady(boolean readable, boolean writable) {
        if (readable) {
            read();
        }
        if (state != State.CLOSED && writable) {
            flush();
        }
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        for (int reads = 0; reads < 16 && state != State.CLOSED; reads++) {
            buffer.clear();
            int count;
            try {
                count = transport.read(buffer);
            } catch (IOException e) {
                release();
                return;
            }
            if (count < 0) {
                onEndOfInput();
                return;
            }
            if (count == 0) {
                break;
            }
            lastReadAt = loop.now();
            bytesIn += count;
            buffer.flip();
            process(buffer);
            if (count < buffer.capacity() || readPaused || outboundPaused || awaitingDecision()) {
                break; // the socket had no more for now, or reading is paused
            }
        }
        returnReaderAtRest();
    }

    @Override
    void returnReaderAtRest() {
        if (frameReader != null && frameReader.atRest()) {
            loop.returnReader(frameReader);
            frameReader = null;
        }
    }

    private void process(ByteBuffer buffer) {
        if (state == State.HANDSHAKE && !closeQueued) {
            readUpgrade(buffer, transport);
        }
        if (state == State.OPEN || state == State.CLOSING) {
            readFrames(buffer);
        }
    }

    @Override
    void readFrames(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining() && !closeReceived && !failing && state != State.CLOSED) {
                if (frameReader == null) {
                    long maxMessageSize = maxMessageSize();
                    frameReader = loop.lendReader().bind(this, maxMessageSize, server.config.maxFrameSize(maxMessageSize),
                            inflater());
                }
                frameReader.parse(buffer);
            }
        } catch (ProtocolException e) {
            frameReader = null; // stopped mid-frame: not fit for another connection
            fail(e.status());
        }
    }

    private void onEndOfInput() {
        inputEnded = true;
        if (state == State.OPEN && (closeReceived || closeAfterReplies != null)) {
            updateInterest(); // replies or our close frame are still to be written
        } else {
            release();
        }
    }

    // ---- the session opens

    @Override
    void open(Handshaker.Outcome outcome) {
        route = outcome.route();
        traffic = server.traffic(route.path());
        sessionNumber = server.nextSessionNumber();
        requestHead = outcome.request().compactHead();
        pathParams = outcome.request().pathParams();
        subprotocol = outcome.subprotocol();
        if (outcome.deflate() != null) {
            deflate = outcome.deflate().parameters();
            extensions = outcome.deflate().responseHeader();
        }
        attributes = outcome.attributes();
        principal = outcome.principal();
        if (!hosted) {
            outbound.offer(new OutboundFrame(OutboundFrame.Kind.HTTP, outcome.response()));
            scheduleFlush();
        }
        state = State.OPEN;
        deadline = 0;
        opened = true;
        openedAtMillis = System.currentTimeMillis();
        server.registry.opened(route.path(), this, principal);
        if (server.events != null) {
            server.events.opened(this);
        }
        startPings(loop.now());
        try {
            route.handler().onOpen(this);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    // ---- writing, on the loop

    @Override
    void scheduleFlush() {
        if (FLUSH_SCHEDULED.compareAndSet(this, false, true)) {
            if (loop.inEventLoop()) {
                loop.flushAtEndOfBatch(this); // corked: one write for all frames of this batch
            } else {
                loop.execute(this::flush);
            }
        }
    }

    void flush() {
        flushScheduled = false;
        if (state == State.CLOSED) {
            return;
        }
        OutboundQueue.Progress progress;
        try {
            progress = outbound.writeTo(transport, loop.writeBuffer(), deflater());
        } catch (IOException e) {
            release();
            return;
        }
        writeInterest = progress == OutboundQueue.Progress.PENDING || progress == OutboundQueue.Progress.STALLED;
        if (outboundPaused && progress != OutboundQueue.Progress.STALLED) {
            lastReadAt = loop.now(); // the peer took bytes: it is slow, not stuck
        }
        if (progress == OutboundQueue.Progress.FINAL_WRITTEN) {
            onFinalWritten();
        }
        if (state != State.CLOSED) {
            resumeIfDrained();
            updateInterest();
        }
    }

    /** Resumes reading paused for the outbound bytes once they have drained to half the limit. */
    private void resumeIfDrained() {
        long limit = server.config.maxOutboundBuffer();
        if (outboundPaused && outbound.bufferedAmount() <= limit / 2) {
            outboundPaused = false;
            if (outbound.bufferedAmount() > limit) {
                outboundPaused = true; // a send from another thread crossed the limit meanwhile: keep its pause
            }
            lastReadAt = loop.now(); // the pause was ours, not the peer's idleness
            restartPongWait(loop.now());
        }
    }

    private void onFinalWritten() {
        outbound.seal(new WsSessionClosedException("session " + id() + " is closed"));
        if (closeStatus == null) {
            closeStatus = sentCloseStatus;
        }
        if (failing || state == State.HANDSHAKE) {
            linger();
        } else if (closeReceived || inputEnded) {
            release(); // both close frames exchanged: the server closes the TCP connection (section 7.1.1)
        } else {
            state = State.CLOSING;
        }
    }

    /**
     * Shut our side down and drop the peer's bytes until it closes: closing at once with unread input
     * would reset the connection and could destroy our last frame before the peer reads it.
     */
    private void linger() {
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            release();
            return;
        }
        state = State.LINGER;
        if (inputEnded) {
            release();
        }
    }

    @Override
    void updateInterest() {
        // a closing session must see the peer's close, whatever paused reading before
        boolean reading = !inputEnded && !awaitingDecision() && ((!readPaused && !outboundPaused) || closeQueued);
        transport.interest(reading, writeInterest);
        if (server.events != null && opened) {
            boolean paused = (readPaused || outboundPaused) && !closeQueued;
            if (paused != reportedPaused) {
                reportedPaused = paused;
                server.events.readingPaused(this, paused);
            }
        }
    }

    /** Describes the session for a snapshot. Event loop only. */
    SessionSnapshot snapshot() {
        return new SessionSnapshot(id(), route.path(), remoteAddress, Instant.ofEpochMilli(openedAtMillis), bytesIn,
                outbound.written(), outbound.bufferedAmount(), subprotocol, groups());
    }

    // ---- time

    /** Called by the loop's timer tick, about every 100 ms, with the loop's time in nanoseconds. */
    void checkTimers(long now) {
        if (state == State.CLOSED) {
            return; // cancelled keys stay in the selector's set until its next select
        }
        if (closeAfterReplies != null) {
            if (closeQueued) {
                closeAfterReplies = null; // closed meanwhile by the application or the server: its timer now
                deadline = 0;
            } else if (now - deadline >= 0) {
                repliesQueued(); // the handler took too long: close without the replies still missing
                return;
            } else {
                return;
            }
        }
        if (closeQueued) {
            if (deadline == 0) {
                deadline = now + server.closeTimeoutNanos;
            } else if (now - deadline >= 0) {
                release();
            }
            return;
        }
        if (state == State.HANDSHAKE) {
            if (now - deadline >= 0) {
                release();
            }
            return;
        }
        if (outboundPaused && now - lastReadAt >= server.closeTimeoutNanos) {
            // The peer neither reads nor can be read (both sides wait for the other to take bytes):
            // nothing can be written, not even a close frame, so the connection is dropped.
            markClosedByServer();
            release();
            return;
        }
        // A paused session reads nothing, so it cannot tell an idle peer: its idle time starts at the resume.
        boolean paused = readPaused || outboundPaused;
        if (pongLate(now, paused)) {
            markClosedByServer();
            if (server.events != null) {
                server.events.pongLate(this);
            }
            release(); // a dead peer: no close handshake to wait for, onClose sees 1006
        } else if (server.idleTimeoutNanos > 0 && !paused && now - lastReadAt >= server.idleTimeoutNanos) {
            queueClose(CloseStatus.GOING_AWAY.withReason("idle timeout"));
        } else {
            pingIfDue(now);
        }
    }

    // ---- the end

    /** Server shutdown: going away for sessions, nothing for handshakes in progress. */
    void shutdown() {
        if (state == State.HANDSHAKE && !closeQueued) {
            release();
        } else {
            queueClose(CloseStatus.GOING_AWAY.withReason("server shutting down"));
        }
    }

    /** Closes the socket and releases everything, once. */
    @Override
    void release() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeQueued = true;
        released = true;
        frameReader = null; // a message cut short is dropped with it
        releaseCompression();
        leaveAllGroups();
        if (transport != null) {
            outbound.dropHeld(transport.heldWireBytes());
            transport.close();
        }
        outbound.seal(new WsSessionClosedException("session " + id() + " is closed"));
        loop.removed(this);
        if (opened) {
            opened = false;
            server.registry.closed(route.path(), this, principal);
            CloseStatus status = closeStatus != null ? closeStatus
                    : sentCloseStatus != null ? sentCloseStatus : CloseStatus.ABNORMAL_CLOSURE;
            try {
                route.handler().onClose(this, status);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "onClose of session " + id() + " threw", t);
            }
            ended(status);
            if (server.events != null) {
                WsServerListener.ClosedBy by = closedBy;
                server.events.closed(this, status, by != null ? by : WsServerListener.ClosedBy.CONNECTION);
            }
        }
    }

    // ---- flow control, from any thread

    @Override
    public void pauseReading() {
        readPaused = true; // the read loop stops at once, even in the middle of a batch
        loop.execute(this::applyReadPause);
    }

    @Override
    public void resumeReading() {
        readPaused = false;
        loop.execute(this::applyReadPause);
    }

    /** Level-triggered: applies the latest request, so pause and resume tasks may run in any order. */
    private void applyReadPause() {
        if (state == State.CLOSED) {
            return;
        }
        if (!readPaused) {
            lastReadAt = loop.now(); // time spent paused is the application's, not the peer's idleness
            restartPongWait(loop.now());
        }
        updateInterest();
    }
}
