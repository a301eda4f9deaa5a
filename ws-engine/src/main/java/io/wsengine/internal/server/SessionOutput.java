package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.MessageDroppedException;
import io.wsengine.OutboundLimitExceededException;
import io.wsengine.OverflowPolicy;
import io.wsengine.PreparedMessage;
import io.wsengine.WsServerListener;
import io.wsengine.WsSessionClosedException;
import io.wsengine.internal.deflate.ConnectionDeflate;
import io.wsengine.internal.deflate.DeflateParameters;
import io.wsengine.internal.deflate.MessageDeflater;
import io.wsengine.internal.deflate.MessageInflater;
import io.wsengine.internal.frame.FrameEncoder;
import io.wsengine.internal.frame.Opcode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sending, from any thread: a session's frames onto its {@link OutboundQueue}, within the queue's
 * limit and the overflow policy (drop, close, or pause reading a peer that does not read), and our
 * close frame, queued once. The send methods only queue and ask the owning loop to flush
 * ({@link #scheduleFlush}); {@link Connection} writes on that loop. {@link SessionInput} and
 * {@link Connection} decide when to close; every field here is shared with other threads.
 */
abstract class SessionOutput extends SessionBase {
    final EventLoop loop;
    final OutboundQueue outbound;

    // Shared with other threads.
    // Plain fields with VarHandles rather than Atomic* objects: an idle connection should cost little.
    private static final VarHandle CLOSE_QUEUED;

    static {
        try {
            CLOSE_QUEUED = MethodHandles.lookup().findVarHandle(SessionOutput.class, "closeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set once a close frame (or a refusing response) is queued, or the connection is gone. */
    volatile boolean closeQueued;
    volatile CloseStatus sentCloseStatus;
    private volatile CompletableFuture<Void> closeFuture;
    /**
     * Reading stopped because the peer does not read what we send ({@link OverflowPolicy#PAUSE_READING}):
     * a reason of its own, so that the application's resume never undoes it, nor it the application's
     * pause. Set by whichever thread's send crosses the limit (the read in progress then stops), and
     * cleared by the loop once the bytes drain to half the limit.
     */
    volatile boolean outboundPaused;
    /**
     * The permessage-deflate agreement; null while the connection is uncompressed. Set on the loop when
     * the session opens, before the application can see the session, and never changed after.
     */
    DeflateParameters deflate;
    /** The agreement's inflater and deflater, made on the loop when first needed. Event loop only. */
    private ConnectionDeflate compression;

    SessionOutput(EventLoop loop, ServerContext server, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress) {
        super(server, remoteAddress, localAddress);
        this.loop = loop;
        this.outbound = new OutboundQueue();
    }

    /**
     * Has the loop write what is queued: at the end of its batch when called on the loop, through a
     * task otherwise; from any thread, and at most one flush pending at a time.
     */
    abstract void scheduleFlush();

    /** Notes that the server closes first, unless the client's close frame came before. */
    abstract void markClosedByServer();

    // ---- sending, from any thread

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        if (closeQueued) {
            return closedForData();
        }
        if (deflate != null && !CompressedSends.surelyTooSmall(text, server.config.compression())) {
            ByteBuffer payload = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            return sendData(CompressedSends.message(Opcode.TEXT, payload, server.config.compression(),
                    new CompletableFuture<>()), true, payload.remaining());
        }
        return sendData(FrameEncoder.text(text), true);
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        if (closeQueued) {
            return closedForData();
        }
        if (deflate != null) {
            return sendData(CompressedSends.message(Opcode.BINARY, data, server.config.compression(),
                    new CompletableFuture<>()), false, data.remaining());
        }
        return sendData(FrameEncoder.binary(data), false);
    }

    private CompletableFuture<Void> sendData(ByteBuffer[] frame, boolean text) {
        OutboundFrame data = new OutboundFrame(OutboundFrame.Kind.DATA, frame, new CompletableFuture<>());
        return sendData(data, text, FrameEncoder.payloadLength(data.size));
    }

    /** Queues a message's frame, or fails its future as the overflow policy says; {@code length} is the message's, uncompressed. */
    private CompletableFuture<Void> sendData(OutboundFrame data, boolean text, int length) {
        CompletableFuture<Void> future = data.future;
        ServerEvents events = server.events;
        if (offerWithinLimit(data)) {
            traffic.sent(loop, text, length);
            if (server.messageEvents != null) {
                server.messageEvents.sent(this, text, length);
            }
            scheduleFlush();
        } else if (overflowPolicy() == OverflowPolicy.DROP) {
            if (events != null) {
                events.sendFailed(this, WsServerListener.SendFailure.DROPPED);
            }
            server.droppedMessages.increment();
            future.completeExceptionally(new MessageDroppedException("session " + id()
                    + ": message dropped, outbound buffer over its limit of " + server.config.maxOutboundBuffer() + " bytes"));
        } else {
            if (events != null) {
                events.sendFailed(this, WsServerListener.SendFailure.OVER_LIMIT);
            }
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
    boolean offerWithinLimit(OutboundFrame frame) {
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

    @Override
    public CompletableFuture<Void> send(PreparedMessage message) {
        if (closeQueued) {
            return closedForData();
        }
        if (deflate != null) {
            return sendData(CompressedSends.prepared(message, deflate, server.config.compression(),
                    new CompletableFuture<>()), message.isText(), FrameEncoder.payloadLength(message.size()));
        }
        return sendData(new ByteBuffer[] {message.frame()}, message.isText());
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
    boolean queueClose(CloseStatus status) {
        if (!CLOSE_QUEUED.compareAndSet(this, false, true)) {
            return false;
        }
        sentCloseStatus = status;
        markClosedByServer();
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
    void closeForOverflow() {
        if (queueClose(CloseStatus.POLICY_VIOLATION.withReason("outbound buffer full"))) {
            onLoop(() -> outbound.discardUnstarted(new OutboundLimitExceededException("session " + id()
                    + " closed: outbound buffer over its limit")));
        }
    }

    /** A message sent to a closing or closed session: it fails, and is reported as such. */
    private CompletableFuture<Void> closedForData() {
        if (server.events != null) {
            server.events.sendFailed(this, WsServerListener.SendFailure.CLOSED);
        }
        return closed();
    }

    private CompletableFuture<Void> closed() {
        return CompletableFuture.failedFuture(new WsSessionClosedException("session " + id() + " is closed"));
    }

    // ---- compression, on the loop

    /** {@return the inflater of the client's compressed messages; null without an agreement} Event loop only. */
    MessageInflater inflater() {
        return deflate == null ? null : compression().inflater();
    }

    /** {@return the deflater of the messages queued to compress; null without an agreement} Event loop only. */
    MessageDeflater deflater() {
        return deflate == null ? null : compression().deflater();
    }

    private ConnectionDeflate compression() {
        if (compression == null) {
            compression = new ConnectionDeflate(deflate, loop.zlib());
        }
        return compression;
    }

    /** Ends or gives back the zlib memory the connection holds; on every way a connection goes. Event loop only. */
    void releaseCompression() {
        if (compression != null) {
            compression.release();
            compression = null;
        }
    }

    void onLoop(Runnable task) {
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

    // ---- WsSession queries

    @Override
    public boolean isOpen() {
        return !closeQueued;
    }

    @Override
    public long bufferedAmount() {
        return outbound.bufferedAmount();
    }
}
