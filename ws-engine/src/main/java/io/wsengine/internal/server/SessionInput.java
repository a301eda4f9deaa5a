package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.OverflowPolicy;
import io.wsengine.WsHandler;
import io.wsengine.WsServerListener;
import io.wsengine.internal.frame.FrameEncoder;
import io.wsengine.internal.frame.MessageListener;
import io.wsengine.internal.frame.Opcode;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * What the peer's frames do to the session, once {@link Connection} has read them: messages and pongs
 * go to the handler, pings are answered, and a close frame, a protocol violation or a failing handler
 * starts the close handshake, whose close frame waits for the handler's replies. Holds the protocol
 * state that the connection's life moves through. Its methods run on the owning event loop, and its
 * fields are touched by that thread only.
 */
abstract class SessionInput extends SessionOutput implements MessageListener {
    // Connection's logger: this layer is a part of the connection, and logs as one with it.
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final byte[] NO_PAYLOAD = new byte[0];

    enum State {
        /** Reading the upgrade request. */
        HANDSHAKE,
        /** Upgraded: frames flow both ways until a close frame is queued or received. */
        OPEN,
        /** Our close frame is written; waiting for the peer's. */
        CLOSING,
        /** Failed or refused: our output is shut down; reading and dropping until the peer closes. */
        LINGER,
        CLOSED
    }

    // Event loop only.
    State state = State.HANDSHAKE;
    boolean closeReceived;
    boolean failing;
    /** The status onClose reports: of the first close frame sent or received. */
    CloseStatus closeStatus;
    /**
     * Our close frame, while it waits for the handler's replies to messages received before the peer's
     * close frame or its protocol violation ({@link WsHandler#onClosing}); null otherwise.
     */
    CloseStatus closeAfterReplies;
    /**
     * When the handshake in progress must be done by: the HTTP upgrade's until the session opens, the
     * handler's replies' while our close frame waits for them, then the close handshake's once our
     * close frame is queued (0 until the timer tick arms it).
     */
    long deadline;
    /** Who closed first, once someone has: set by the first close frame either way, or a cut of the server's. */
    volatile WsServerListener.ClosedBy closedBy;
    /** When a pong must have come by, after a ping of the server's; 0 while none is awaited. */
    private long pongDeadline;
    private long nextPingAt;

    SessionInput(EventLoop loop, ServerContext server, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress) {
        super(loop, server, remoteAddress, localAddress);
    }

    /** Closes the socket and releases everything, once. */
    abstract void release();

    @Override
    final void markClosedByServer() {
        if (closedBy == null) {
            closedBy = WsServerListener.ClosedBy.SERVER;
        }
    }

    // ---- pings, and the pongs that show the peer is there (on the loop's timer tick)

    void startPings(long now) {
        nextPingAt = now + pingIntervalNanos();
    }

    /** Pings when the interval has passed, and from the first unanswered ping on, waits for a pong. */
    void pingIfDue(long now) {
        long interval = pingIntervalNanos();
        if (interval == 0 || now - nextPingAt < 0) {
            return;
        }
        nextPingAt = now + interval;
        ping(ByteBuffer.wrap(NO_PAYLOAD));
        if (server.events != null) {
            server.events.pingSent(this);
        }
        long pongTimeout = pongTimeoutNanos();
        if (pongTimeout > 0 && pongDeadline == 0) {
            pongDeadline = nonZero(now + pongTimeout);
        }
    }

    /** {@return whether the pong is late: not while reading is paused, which keeps the pong unread} */
    boolean pongLate(long now, boolean paused) {
        return pongDeadline != 0 && !paused && now - pongDeadline >= 0;
    }

    /** A paused session could not read its pong: the wait starts again at the resume. */
    void restartPongWait(long now) {
        if (pongDeadline != 0) {
            pongDeadline = nonZero(now + pongTimeoutNanos());
        }
    }

    /** The route's ping interval, or the server's; 0 for none. Read each tick rather than kept: an idle connection stays small. */
    private long pingIntervalNanos() {
        return route.pingInterval() != null ? route.pingInterval().toNanos() : server.pingIntervalNanos;
    }

    /** The route's pong timeout, or the server's; 0 for none. */
    private long pongTimeoutNanos() {
        return route.pongTimeout() != null ? route.pongTimeout().toNanos() : server.pongTimeoutNanos;
    }

    /** A deadline of 0 means "none": a clock that reads exactly 0 there is moved by a nanosecond. */
    private static long nonZero(long deadline) {
        return deadline == 0 ? 1 : deadline;
    }

    // ---- messages from the peer

    @Override
    public void onText(String text, int bytes) {
        if (closeQueued) {
            return; // closing: data is dropped (RFC 6455 section 1.4)
        }
        traffic.received(loop, true, bytes);
        if (server.messageEvents != null) {
            server.messageEvents.received(this, true, bytes);
        }
        try {
            route.handler().onText(this, text);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (closeQueued) {
            return;
        }
        traffic.received(loop, false, data.remaining());
        if (server.messageEvents != null) {
            server.messageEvents.received(this, false, data.remaining());
        }
        try {
            route.handler().onBinary(this, data);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    @Override
    public void onPing(byte[] payload) {
        if (closeQueued) {
            return;
        }
        OutboundFrame pong = new OutboundFrame(OutboundFrame.Kind.CONTROL, FrameEncoder.control(Opcode.PONG, payload));
        if (!offerWithinLimit(pong)) { // a peer that pings and never reads: its pongs count against the limit too
            if (overflowPolicy() == OverflowPolicy.DROP) {
                server.droppedMessages.increment();
            } else {
                closeForOverflow();
            }
            return;
        }
        scheduleFlush();
    }

    @Override
    public void onPong(byte[] payload) {
        pongDeadline = 0; // the peer is there
        try {
            route.handler().onPong(this, ByteBuffer.wrap(payload));
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        closeReceived = true;
        if (closedBy == null) {
            closedBy = WsServerListener.ClosedBy.CLIENT; // our close frame was not queued before
        }
        if (closeQueued) {
            if (state == State.CLOSING) {
                release(); // the reply to our close frame
            }
            return;
        }
        closeStatus = new CloseStatus(code, reason);
        closeAfterReplies(CloseStatus.of(code)); // the peer started the close handshake: echo its code (section 5.5.1)
    }

    void handlerFailed(Throwable failure) {
        try {
            route.handler().onError(this, failure);
        } catch (Throwable t) {
            t.addSuppressed(failure);
            LOG.log(Level.ERROR, "onError of session " + id() + " threw", t);
        }
        queueClose(CloseStatus.INTERNAL_ERROR);
    }

    // ---- the close handshake

    /** Fail the WebSocket connection (section 7.1.7): send the close frame, then drop the rest. */
    void fail(CloseStatus status) {
        failing = true;
        if (closeQueued) {
            release();
        } else {
            closeAfterReplies(status);
        }
    }

    /**
     * Queues our close frame once the handler has queued its replies to the messages it was given,
     * or after the close timeout. Reading has stopped (the peer's bytes are dropped from now on), but
     * sends still go out, so a peer gets every reply to what it sent before its close frame or its
     * protocol violation, and then our close frame.
     */
    private void closeAfterReplies(CloseStatus status) {
        CompletionStage<?> replies;
        try {
            replies = route.handler().onClosing(this);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "onClosing of session " + id() + " threw; closing at once", t);
            replies = null;
        }
        if (replies == null) {
            queueClose(status);
            return;
        }
        closeAfterReplies = status;
        deadline = loop.now() + server.closeTimeoutNanos;
        replies.whenComplete((done, failure) -> onLoop(this::repliesQueued));
    }

    void repliesQueued() {
        CloseStatus status = closeAfterReplies;
        if (status == null || state == State.CLOSED) {
            return; // already closed by the timeout, the application or the server
        }
        closeAfterReplies = null;
        deadline = 0; // the close handshake's timer from now on
        queueClose(status);
    }
}
