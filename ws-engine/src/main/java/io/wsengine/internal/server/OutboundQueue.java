package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A connection's frames waiting to be written, in send order. Any thread may add; only the owning
 * event loop writes. Writes gather as many queued buffers as fit in one system call, and stop after a
 * final frame (a close frame or a refusing response): nothing queued after it is ever written.
 */
final class OutboundQueue {
    enum Progress { DRAINED, PENDING, FINAL_WRITTEN }

    private final ConcurrentLinkedQueue<OutboundFrame> frames = new ConcurrentLinkedQueue<>();
    private static final VarHandle BUFFERED;

    static {
        try {
            BUFFERED = MethodHandles.lookup().findVarHandle(OutboundQueue.class, "buffered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bytes queued and not yet written; a plain field with a VarHandle, to keep idle connections small. */
    private volatile long buffered;
    private final long limit;
    /** Set once the final frame is written or the connection is gone: nothing is written after it. */
    private volatile Throwable sealedBy;

    OutboundQueue(long limit) {
        this.limit = limit;
    }

    /** Queues a data frame unless it would take the buffered bytes past the limit. */
    boolean offerWithinLimit(OutboundFrame frame) {
        long after = addBuffered(frame.size);
        if (after > limit && after != frame.size) { // a single message larger than the limit still goes alone
            addBuffered(-frame.size);
            return false;
        }
        frames.add(frame);
        failIfSealed(frame);
        return true;
    }

    /** Queues a control frame or HTTP response: small, and needed to end the session cleanly. */
    void offer(OutboundFrame frame) {
        addBuffered(frame.size);
        frames.add(frame);
        failIfSealed(frame);
    }

    /**
     * A frame added while the queue was being sealed must not wait forever: checked after adding, so
     * either {@link #seal} sees the frame or this sees the seal.
     */
    private void failIfSealed(OutboundFrame frame) {
        Throwable cause = sealedBy;
        if (cause != null && frames.remove(frame)) {
            addBuffered(-frame.size);
            frame.fail(cause);
        }
    }

    /** Fails everything queued, and everything queued from now on. */
    void seal(Throwable cause) {
        sealedBy = cause;
        failAll(cause);
    }

    long bufferedAmount() {
        return buffered;
    }

    private long addBuffered(long delta) {
        return (long) BUFFERED.getAndAdd(this, delta) + delta;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Writes what the channel takes now. Event loop only. */
    Progress writeTo(GatheringByteChannel channel, ByteBuffer[] gather) throws IOException {
        if (sealedBy != null) {
            failAll(sealedBy);
            return Progress.DRAINED;
        }
        while (true) {
            int count = 0;
            boolean finalIncluded = false;
            for (Iterator<OutboundFrame> it = frames.iterator(); it.hasNext() && !finalIncluded; ) {
                OutboundFrame frame = it.next();
                if (count + frame.buffers.length > gather.length) {
                    break;
                }
                for (ByteBuffer buffer : frame.buffers) {
                    gather[count++] = buffer;
                }
                finalIncluded = frame.kind == OutboundFrame.Kind.FINAL;
            }
            if (count == 0) {
                return Progress.DRAINED;
            }
            long written = channel.write(gather, 0, count);
            Arrays.fill(gather, 0, count, null);
            addBuffered(-written);
            OutboundFrame frame;
            while ((frame = frames.peek()) != null && frame.isWritten()) {
                frames.poll();
                frame.complete();
                if (frame.kind == OutboundFrame.Kind.FINAL) {
                    return Progress.FINAL_WRITTEN;
                }
            }
            if (frame == null) {
                return Progress.DRAINED;
            }
            if (written == 0 || frame.isStarted()) {
                return Progress.PENDING; // the socket is full
            }
            // everything gathered went out and more is queued: gather again
        }
    }

    /** Fails and drops the frames not yet begun (a begun frame must finish before any other). */
    void discardUnstarted(Throwable cause) {
        for (Iterator<OutboundFrame> it = frames.iterator(); it.hasNext(); ) {
            OutboundFrame frame = it.next();
            if (!frame.isStarted() && frame.kind == OutboundFrame.Kind.DATA) {
                it.remove();
                addBuffered(-frame.size);
                frame.fail(cause);
            }
        }
    }

    private void failAll(Throwable cause) {
        OutboundFrame frame;
        while ((frame = frames.poll()) != null) {
            addBuffered(-frame.remaining());
            frame.fail(cause);
        }
    }
}
