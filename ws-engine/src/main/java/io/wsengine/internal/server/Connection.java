package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.MessageDroppedException;
import io.wsengine.OutboundLimitExceededException;
import io.wsengine.OverflowPolicy;
import io.wsengine.PreparedMessage;
import io.wsengine.WsHandler;
import io.wsengine.WsSession;
import io.wsengine.WsSessionClosedException;
import io.wsengine.internal.frame.FrameEncoder;
import io.wsengine.internal.frame.FrameReader;
import io.wsengine.internal.frame.MessageListener;
import io.wsengine.internal.frame.Opcode;
import io.wsengine.internal.frame.ProtocolException;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLSession;

/**
 * The protocol core of one client connection, from the first byte of its upgrade request to the close
 * of its socket: the handshake, frames in and out, the close handshake, limits and timers, over a
 * {@link Transport}. With {@link SessionBase} it is the {@link WsSession} the application sees. Owned
 * by one event loop: every field not marked otherwise is touched only by that thread. Other threads
 * reach it only through the send and close methods, which queue frames and ask the loop to flush.
 */
final class Connection extends SessionBase implements MessageListener {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final byte[] NO_PAYLOAD = new byte[0];

    private enum State {
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

    private final EventLoop loop;
    private final OutboundQueue outbound;

    // Shared with other threads.
    // Plain fields with VarHandles rather than Atomic* objects: an idle connection should cost little.
    private static final VarHandle FLUSH_SCHEDULED;
    private static final VarHandle CLOSE_QUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLUSH_SCHEDULED = lookup.findVarHandle(Connection.class, "flushScheduled", boolean.class);
            CLOSE_QUEUED = lookup.findVarHandle(Connection.class, "closeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean flushScheduled;
    /** Set once a close frame (or a refusing response) is queued, or the connection is gone. */
    private volatile boolean closeQueued;
    private volatile CloseStatus sentCloseStatus;
    private volatile CompletableFuture<Void> closeFuture;

    // Event loop only.
    /** The connection's bytes: read from it, written to it, its readiness asked of it. */
    private Transport transport;
    private State state = State.HANDSHAKE;
    private HttpRequestParser requestParser;
    /** Borrowed from the loop while a frame or message is unfinished; null between messages. */
    private FrameReader frameReader;
    private boolean opened;
    private boolean closeReceived;
    private boolean failing;
    private boolean inputEnded;
    private boolean writeInterest;
    /** What the application last asked for; the loop applies it, whatever order the requests arrive in. */
    private volatile boolean readPaused;
    /**
     * Reading stopped because the peer does not read what we send ({@link OverflowPolicy#PAUSE_READING}):
     * a reason of its own, so that the application's resume never undoes it, nor it the application's
     * pause. Set by whichever thread's send crosses the limit (the read in progress then stops), and
     * cleared by the loop once the bytes drain to half the limit.
     */
    private volatile boolean outboundPaused;
    /** The status onClose reports: of the first close frame sent or received. */
    private CloseStatus closeStatus;
    /**
     * Our close frame, while it waits for the handler's replies to messages received before the peer's
     * close frame or its protocol violation ({@link WsHandler#onClosing}); null otherwise.
     */
    private CloseStatus closeAfterReplies;
    /**
     * When the handshake in progress must be done by: the HTTP upgrade's until the session opens, the
     * handler's replies' while our close frame waits for them, then the close handshake's once our
     * close frame is queued (0 until the timer tick arms it).
     */
    private long deadline;
    /**
     * When the peer last made progress: a read; or, while reading is paused for the outbound bytes,
     * a write it took. The idle timeout and the stall bound of {@link OverflowPolicy#PAUSE_READING} count from it.
     */
    private long lastReadAt;
    private long nextPingAt;

    Connection(EventLoop loop, ServerContext server, InetSocketAddress remoteAddress) {
        super(server, remoteAddress);
        this.loop = loop;
        this.outbound = new OutboundQueue();
    }

    void start(Transport transport, long now) {
        this.transport = transport;
        this.requestParser = new HttpRequestParser(server.config.maxHandshakeSize());
        this.deadline = now + server.handshakeTimeoutNanos;
        this.lastReadAt = now;
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
            buffer.flip();
            process(buffer);
            if (count < buffer.capacity() || readPaused || outboundPaused) {
                break; // the socket had no more for now, or reading is paused
            }
        }
        if (frameReader != null && frameReader.atRest()) {
            loop.returnReader(frameReader);
            frameReader = null;
        }
    }

    private void process(ByteBuffer buffer) {
        if (state == State.HANDSHAKE && !closeQueued) {
            HttpRequestHead head;
            try {
                head = requestParser.parse(buffer);
            } catch (BadRequestException e) {
                refuse(Handshaker.reject(e.status(), e.getMessage(), Map.of()).response());
                return;
            }
            if (head != null) {
                handshake(head);
            }
        }
        if (state == State.OPEN || state == State.CLOSING) {
            readFrames(buffer);
        }
    }

    private void readFrames(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining() && !closeReceived && !failing && state != State.CLOSED) {
                if (frameReader == null) {
                    long maxMessageSize = maxMessageSize();
                    frameReader = loop.lendReader().bind(this, maxMessageSize, server.config.maxFrameSize(maxMessageSize));
                }
                frameReader.parse(buffer);
            }
        } catch (ProtocolException e) {
            frameReader = null; // stopped mid-frame: not fit for another connection
            fail(e.status());
        }
    }

    /** The route's limit, or the server's when the route sets none. */
    private long maxMessageSize() {
        return route.maxMessageSize() > 0 ? route.maxMessageSize() : server.config.maxMessageSize();
    }

    private void onEndOfInput() {
        inputEnded = true;
        if (state == State.OPEN && (closeReceived || closeAfterReplies != null)) {
            updateInterest(); // replies or our close frame are still to be written
        } else {
            release();
        }
    }

    // ---- the handshake

    private void handshake(HttpRequestHead head) {
        requestParser = null;
        Handshaker.Outcome outcome = server.handshaker.decide(head, remoteAddress, transport.tlsSession());
        if (!outcome.accepted()) {
            refuse(outcome.response());
            return;
        }
        route = outcome.route();
        sessionNumber = server.nextSessionNumber();
        requestHead = outcome.request().compactHead();
        pathParams = outcome.request().pathParams();
        subprotocol = outcome.subprotocol();
        attributes = outcome.attributes();
        outbound.offer(new OutboundFrame(OutboundFrame.Kind.HTTP, outcome.response()));
        scheduleFlush();
        state = State.OPEN;
        deadline = 0;
        opened = true;
        server.registry.opened(route.path(), this);
        nextPingAt = loop.now() + server.pingIntervalNanos;
        try {
            route.handler().onOpen(this);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    private void refuse(ByteBuffer response) {
        failing = true;
        closeQueued = true;
        deadline = 0; // the close timer's from now on
        outbound.offer(new OutboundFrame(OutboundFrame.Kind.FINAL, response));
        scheduleFlush();
    }

    // ---- messages from the peer

    @Override
    public void onText(String text) {
        if (closeQueued) {
            return; // closing: data is dropped (RFC 6455 section 1.4)
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
        try {
            route.handler().onPong(this, ByteBuffer.wrap(payload));
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        closeReceived = true;
        if (closeQueued) {
            if (state == State.CLOSING) {
                release(); // the reply to our close frame
            }
            return;
        }
        closeStatus = new CloseStatus(code, reason);
        closeAfterReplies(CloseStatus.of(code)); // the peer started the close handshake: echo its code (section 5.5.1)
    }

    private void handlerFailed(Throwable failure) {
        try {
            route.handler().onError(this, failure);
        } catch (Throwable t) {
            t.addSuppressed(failure);
            LOG.log(Level.ERROR, "onError of session " + id() + " threw", t);
        }
        queueClose(CloseStatus.INTERNAL_ERROR);
    }

    /** Fail the WebSocket connection (section 7.1.7): send the close frame, then drop the rest. */
    private void fail(CloseStatus status) {
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

    private void repliesQueued() {
        CloseStatus status = closeAfterReplies;
        if (status == null || state == State.CLOSED) {
            return; // already closed by the timeout, the application or the server
        }
        closeAfterReplies = null;
        deadline = 0; // the close handshake's timer from now on
        queueClose(status);
    }

    // ---- sending, from any thread

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        if (closeQueued) {
            return closed();
        }
        return sendData(FrameEncoder.text(text));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        if (closeQueued) {
            return closed();
        }
        return sendData(FrameEncoder.binary(data));
    }

    private CompletableFuture<Void> sendData(ByteBuffer[] frame) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        OutboundFrame data = new OutboundFrame(OutboundFrame.Kind.DATA, frame, future);
        if (offerWithinLimit(data)) {
            scheduleFlush();
        } else if (overflowPolicy() == OverflowPolicy.DROP) {
            server.droppedMessages.increment();
            future.completeExceptionally(new MessageDroppedException("session " + id()
                    + ": message dropped, outbound buffer over its limit of " + server.config.maxOutboundBuffer() + " bytes"));
        } else {
            future.completeExceptionally(new OutboundLimitExceededException("session " + id()
                    + ": outbound buffer over its limit of " + server.config.maxOutboundBuffer() + " bytes"));
            closeForOverflow(); // at once, on this thread: a later, smaller send must not slip in ahead of the close
        }
        return future;
    }

    /**
     * Queues a frame unless the buffer is full. Under {@link OverflowPolicy#PAUSE_READING} it is full
     * only at twice the limit, and a frame past the limit pauses reading. The caller schedules a
     * flush, so the loop always looks at the pause after it was set and resumes once the bytes drain.
     */
    private boolean offerWithinLimit(OutboundFrame frame) {
        long limit = server.config.maxOutboundBuffer();
        if (overflowPolicy() != OverflowPolicy.PAUSE_READING) {
            return outbound.offerWithinLimit(frame, limit);
        }
        if (!outbound.offerWithinLimit(frame, 2 * limit)) {
            return false;
        }
        if (outbound.bufferedAmount() > limit) {
            outboundPaused = true;
        }
        return true;
    }

    /** The route's policy, or the server's when the route sets none. */
    private OverflowPolicy overflowPolicy() {
        OverflowPolicy policy = route.overflowPolicy();
        return policy != null ? policy : server.config.overflowPolicy();
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
        }
    }

    @Override
    public CompletableFuture<Void> send(PreparedMessage message) {
        if (closeQueued) {
            return closed();
        }
        return sendData(new ByteBuffer[] {message.frame()});
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("ping payload of " + payload.remaining() + " bytes; at most 125");
        }
        if (closeQueued) {
            return closed();
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        CompletableFuture<Void> future = new CompletableFuture<>();
        outbound.offer(new OutboundFrame(OutboundFrame.Kind.CONTROL,
                new ByteBuffer[] {FrameEncoder.control(Opcode.PING, bytes)}, future));
        scheduleFlush();
        return future;
    }

    @Override
    public CompletableFuture<Void> close(CloseStatus status) {
        status.requireSendable();
        queueClose(status);
        CompletableFuture<Void> future = closeFuture;
        return future != null ? future : CompletableFuture.completedFuture(null); // another thread is queueing it
    }

    /** Queues our close frame unless one is already queued; returns whether this call queued it. */
    private boolean queueClose(CloseStatus status) {
        if (!CLOSE_QUEUED.compareAndSet(this, false, true)) {
            return false;
        }
        sentCloseStatus = status;
        CompletableFuture<Void> future = new CompletableFuture<>();
        closeFuture = future;
        outbound.offer(new OutboundFrame(OutboundFrame.Kind.FINAL,
                new ByteBuffer[] {FrameEncoder.close(truncated(status))}, future));
        scheduleFlush();
        return true;
    }

    private static CloseStatus truncated(CloseStatus status) {
        String reason = status.reason();
        while (reason.getBytes(StandardCharsets.UTF_8).length > CloseStatus.MAX_REASON_BYTES) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return status.withReason(reason);
    }

    /**
     * Closes {@code 1008} for a peer that does not read, from any thread. The close frame is queued at
     * once, so every send from then on fails and the peer gets a whole prefix of what was sent, then
     * the close: never a gap. The data not yet begun is dropped on the loop: only the loop may move
     * frames, since a frame it is writing counts as begun only once the write has returned.
     */
    private void closeForOverflow() {
        if (queueClose(CloseStatus.POLICY_VIOLATION.withReason("outbound buffer full"))) {
            onLoop(() -> outbound.discardUnstarted(new OutboundLimitExceededException("session " + id()
                    + " closed: outbound buffer over its limit")));
        }
    }

    private CompletableFuture<Void> closed() {
        return CompletableFuture.failedFuture(new WsSessionClosedException("session " + id() + " is closed"));
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public Executor eventLoop() {
        return loop;
    }

    // ---- writing, on the loop

    private void scheduleFlush() {
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
            progress = outbound.writeTo(transport, loop.writeBuffer());
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

    private void updateInterest() {
        // a closing session must see the peer's close, whatever paused reading before
        boolean reading = !inputEnded && ((!readPaused && !outboundPaused) || closeQueued);
        transport.interest(reading, writeInterest);
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
            release();
            return;
        }
        // A paused session reads nothing, so it cannot tell an idle peer: its idle time starts at the resume.
        boolean paused = readPaused || outboundPaused;
        if (server.idleTimeoutNanos > 0 && !paused && now - lastReadAt >= server.idleTimeoutNanos) {
            queueClose(CloseStatus.GOING_AWAY.withReason("idle timeout"));
        } else if (server.pingIntervalNanos > 0 && now - nextPingAt >= 0) {
            nextPingAt = now + server.pingIntervalNanos;
            ping(ByteBuffer.wrap(NO_PAYLOAD));
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
    void release() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeQueued = true;
        released = true;
        frameReader = null; // a message cut short is dropped with it
        leaveAllGroups();
        if (transport != null) {
            transport.close();
        }
        outbound.seal(new WsSessionClosedException("session " + id() + " is closed"));
        loop.removed(this);
        if (opened) {
            opened = false;
            server.registry.closed(route.path(), this);
            CloseStatus status = closeStatus != null ? closeStatus
                    : sentCloseStatus != null ? sentCloseStatus : CloseStatus.ABNORMAL_CLOSURE;
            try {
                route.handler().onClose(this, status);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "onClose of session " + id() + " threw", t);
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
        }
        updateInterest();
    }

    // ---- WsSession queries

    @Override
    public boolean isOpen() {
        return !closeQueued;
    }

    @Override
    public long bufferedAmount() {
        return outbound.bufferedAmount();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        Transport current = transport; // set before the session opens, by the loop that then calls the handler
        return current == null ? Optional.empty() : Optional.ofNullable(current.tlsSession());
    }


}
