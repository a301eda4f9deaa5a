package io.wsengine.internal.server;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Bytes queued for one connection: an encoded frame or an HTTP response, and who waits for it. */
final class OutboundFrame {
    /** FINAL is the last thing a connection writes: a close frame, or an HTTP response refusing the upgrade. */
    enum Kind { DATA, CONTROL, FINAL, HTTP }

    final Kind kind;
    final ByteBuffer[] buffers;
    final long size;
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
