package io.wsengine.internal.server;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Bytes queued for one connection: an encoded frame or an HTTP response, and who waits for it; or a
 * message its loop is still to compress, which becomes its frame when it is first staged.
 */
final class OutboundFrame {
    /** FINAL is the last thing a connection writes: a close frame, or an HTTP response refusing the upgrade. */
    enum Kind { DATA, CONTROL, FINAL, HTTP }

    final Kind kind;
    // Replaced, on the loop under the queue's monitor, when a message to compress becomes its frame.
    ByteBuffer[] buffers;
    long size;
    /** The opcode of a message still to compress, whose one buffer is its bare payload; 0 for any other frame. */
    int deflateOpcode;
    /** Completed when written; null when nobody waits. */
    final CompletableFuture<Void> future;
    /** The frame queued after this one; guarded by the {@link OutboundQueue}'s monitor. */
    OutboundFrame next;

    OutboundFrame(Kind kind, ByteBuffer[] buffers, CompletableFuture<Void> future) {
        this.kind = kind;
        this.buffers = buffers;
        this.future = future;
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        this.size = total;
    }

    OutboundFrame(Kind kind, ByteBuffer buffer) {
        this(kind, new ByteBuffer[] {buffer}, null);
    }

    /**
     * A message for the loop to compress once its turn on the wire comes (see
     * {@link OutboundQueue#writeTo}); until then it counts as its payload's size.
     *
     * @param payload the message's bytes, read when compressed: positioned at 0, and not to be changed meanwhile
     */
    static OutboundFrame toDeflate(int opcode, ByteBuffer payload, CompletableFuture<Void> future) {
        OutboundFrame frame = new OutboundFrame(Kind.DATA, new ByteBuffer[] {payload}, future);
        frame.deflateOpcode = opcode;
        return frame;
    }

    /** The message is compressed: from now on this is its frame. */
    void deflated(ByteBuffer frame) {
        buffers = new ByteBuffer[] {frame};
        size = frame.remaining();
        deflateOpcode = 0;
    }

    boolean isWritten() {
        return !buffers[buffers.length - 1].hasRemaining();
    }

    boolean isStarted() {
        return buffers[0].position() > 0;
    }

    long remaining() {
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        return total;
    }

    void complete() {
        if (future != null) {
            future.complete(null);
        }
    }

    void fail(Throwable cause) {
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }
}
