package io.wsengine.internal.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A connection's frames waiting to be written, in send order. Any thread may add; only the owning
 * event loop writes. Writes take as many queued frames as fit in one system call, and stop after a
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

    /**
     * Writes what the channel takes now. Event loop only. Queued frames are copied into the loop's
     * direct staging buffer and written with one call: writing heap buffers directly would make the
     * JDK copy each into a temporary direct buffer of its own, with more work per frame.
     */
    Progress writeTo(WritableByteChannel channel, ByteBuffer staging) throws IOException {
        if (sealedBy != null) {
            failAll(sealedBy);
            return Progress.DRAINED;
        }
        while (true) {
            stage(staging);
            if (staging.position() == 0) {
                return Progress.DRAINED;
            }
            staging.flip();
            int written = channel.write(staging);
            boolean socketFull = staging.hasRemaining();
            addBuffered(-written);
            if (consume(written)) {
                return Progress.FINAL_WRITTEN;
            }
            if (frames.isEmpty()) {
                return Progress.DRAINED;
            }
            if (socketFull) {
                return Progress.PENDING;
            }
            // everything staged went out and more is queued: stage again
        }
    }

    /** Copies queued bytes into the staging buffer, up to a final frame; frames keep their positions. */
    private void stage(ByteBuffer staging) {
        staging.clear();
        for (OutboundFrame frame : frames) {
            for (ByteBuffer buffer : frame.buffers) {
                int length = Math.min(buffer.remaining(), staging.remaining());
                staging.put(staging.position(), buffer, buffer.position(), length);
                staging.position(staging.position() + length);
                if (!staging.hasRemaining()) {
                    return;
                }
            }
            if (frame.kind == OutboundFrame.Kind.FINAL) {
                return;
            }
        }
    }

    /**
     * Advances the frames by the bytes the socket took and completes those fully written.
     *
     * @return true if the final frame was completed
     */
    private boolean consume(long written) {
        long left = written;
        OutboundFrame frame;
        while ((frame = frames.peek()) != null) {
            for (ByteBuffer buffer : frame.buffers) {
                int taken = (int) Math.min(buffer.remaining(), left);
                buffer.position(buffer.position() + taken);
                left -= taken;
            }
            if (!frame.isWritten()) {
                return false;
            }
            frames.poll();
            frame.complete();
            if (frame.kind == OutboundFrame.Kind.FINAL) {
                return true;
            }
        }
        return false;
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
