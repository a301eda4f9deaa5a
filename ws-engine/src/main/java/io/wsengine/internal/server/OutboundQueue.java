package io.wsengine.internal.server;

import io.wsengine.internal.deflate.MessageDeflater;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A connection's frames waiting to be written, in send order. Any thread may add; only the owning
 * event loop writes. Writes take as many queued frames as fit in one system call, and stop after a
 * final frame (a close frame or a refusing response): nothing queued after it is ever written.
 *
 * <p>The frames are linked through {@link OutboundFrame#next} under this queue's monitor: an idle
 * connection then holds no queue nodes at all, and a send allocates none. Futures are completed
 * outside the monitor, so their callbacks may send again from any thread.
 *
 * <p>A message of a compressed session is queued uncompressed, and counts at its payload's size until
 * the loop compresses it, when it is first staged (see {@link #writeTo}).
 */
final class OutboundQueue {
    /** What a write did: all written; some left (STALLED: none of it taken this time); the final frame written. */
    enum Progress { DRAINED, PENDING, STALLED, FINAL_WRITTEN }

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
    /** Bytes written to the transport so far. Event loop only (read by the loop's snapshot of the session). */
    private long written;

    // Guarded by this.
    private OutboundFrame head;
    private OutboundFrame tail;
    /** Set once the final frame is written or the connection is gone: nothing is queued after it. */
    private Throwable sealedBy;

    /**
     * Queues a data frame unless it would take the buffered bytes past the limit. The limit is the
     * caller's, not a field: every connection of a server has the same, and an idle one stays smaller.
     */
    boolean offerWithinLimit(OutboundFrame frame, long limit) {
        long after = addBuffered(frame.size);
        if (after > limit && after != frame.size) { // a single message larger than the limit still goes alone
            addBuffered(-frame.size);
            return false;
        }
        append(frame);
        return true;
    }

    /** Queues a control frame or HTTP response: small, and needed to end the session cleanly. */
    void offer(OutboundFrame frame) {
        addBuffered(frame.size);
        append(frame);
    }

    private void append(OutboundFrame frame) {
        Throwable cause;
        synchronized (this) {
            cause = sealedBy;
            if (cause == null) {
                if (tail == null) {
                    head = frame;
                } else {
                    tail.next = frame;
                }
                tail = frame;
                return;
            }
        }
        addBuffered(-frame.size);
        frame.fail(cause);
    }

    /** The wire bytes a closing transport held stop counting as buffered: they go with the connection. */
    void dropHeld(int heldWireBytes) {
        addBuffered(-heldWireBytes);
    }

    /** Fails everything queued, and everything queued from now on. */
    void seal(Throwable cause) {
        OutboundFrame dropped;
        synchronized (this) {
            if (sealedBy == null) {
                sealedBy = cause;
            }
            dropped = head;
            head = null;
            tail = null;
        }
        for (OutboundFrame frame = dropped; frame != null; frame = frame.next) {
            addBuffered(-frame.remaining());
            frame.fail(cause);
        }
    }

    /** {@return bytes written to the transport so far; event loop only} */
    long written() {
        return written;
    }

    long bufferedAmount() {
        return buffered;
    }

    private long addBuffered(long delta) {
        return (long) BUFFERED.getAndAdd(this, delta) + delta;
    }

    /**
     * Writes what the transport takes now. Event loop only. Queued frames are copied into the loop's
     * direct staging buffer and written with one call: writing heap buffers directly would make the
     * JDK copy each into a temporary direct buffer of its own, with more work per frame.
     *
     * <p>A transport may hold bytes it took (TLS records the socket did not take whole). They count
     * as buffered, as wire bytes, until written; the frames they carry stay queued, and their sends
     * incomplete, until then; and nothing new is taken while the transport holds any.
     */
    Progress writeTo(Transport transport, ByteBuffer staging) throws IOException {
        return writeTo(transport, staging, null);
    }

    /**
     * Writes what the transport takes now, compressing with {@code deflater} the messages queued to
     * compress as their turn comes. Event loop only.
     *
     * <p>Why here: with context takeover, a deflater's state must follow wire order, as the client's
     * inflater does. Staging is where that order is final, and on the loop, the one thread that
     * touches the deflater (and its pool, and ends it when the connection goes): it needs no lock of
     * its own. A message dropped or discarded before its turn (overflow, close) is never compressed,
     * so it never enters the context the client sees. The cost: compression runs on the loops, and
     * the queue's monitor is held meanwhile, so a sender to the same session waits that long to append.
     *
     * @param deflater the session's, or null when it agreed to no compression
     */
    Progress writeTo(Transport transport, ByteBuffer staging, MessageDeflater deflater) throws IOException {
        long total = 0;
        if (transport.heldWireBytes() > 0) {
            int wrote = transport.writeHeld();
            total += wrote;
            written += wrote;
            addBuffered(-wrote);
            if (transport.heldWireBytes() > 0) {
                return wrote > 0 ? Progress.PENDING : Progress.STALLED;
            }
            OutboundFrame completed;
            boolean more;
            synchronized (this) {
                completed = consume(0, 0);
                more = head != null;
            }
            if (complete(completed)) {
                return Progress.FINAL_WRITTEN;
            }
            if (!more) {
                return Progress.DRAINED;
            }
        }
        while (true) {
            synchronized (this) {
                stage(staging, deflater);
            }
            if (staging.position() == 0) {
                return Progress.DRAINED;
            }
            staging.flip();
            int taken = transport.write(staging);
            int held = transport.heldWireBytes();
            total += taken;
            written += taken;
            boolean socketFull = staging.hasRemaining() || held > 0;
            addBuffered(held - taken);
            OutboundFrame completed;
            boolean more;
            synchronized (this) {
                completed = consume(taken, transport.heldPlaintext());
                more = head != null;
            }
            if (complete(completed)) {
                return Progress.FINAL_WRITTEN;
            }
            if (!more) {
                return Progress.DRAINED;
            }
            if (socketFull) {
                return total > 0 ? Progress.PENDING : Progress.STALLED;
            }
            // everything staged went out and more is queued: stage again
        }
    }

    /**
     * Copies queued bytes into the staging buffer, up to a final frame; frames keep their positions.
     * A message to compress is compressed as it is reached.
     */
    private void stage(ByteBuffer staging, MessageDeflater deflater) {
        staging.clear();
        for (OutboundFrame frame = head; frame != null; frame = frame.next) {
            if (frame.deflateOpcode != 0) {
                deflate(frame, deflater);
            }
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

    private void deflate(OutboundFrame frame, MessageDeflater deflater) {
        long before = frame.size;
        frame.deflated(deflater.deflate(frame.deflateOpcode, frame.buffers[0]));
        addBuffered(frame.size - before);
    }

    /**
     * Advances the frames by the bytes the transport took, and unlinks those whose bytes are all on
     * the wire: taken, and not among the last {@code undelivered} bytes taken, which the transport
     * still holds.
     *
     * @return the unlinked frames, still linked to each other, oldest first; null if none
     */
    private OutboundFrame consume(long taken, int undelivered) {
        long left = taken;
        long advanced = 0; // bytes of the queued frames taken so far, for the undelivered count
        for (OutboundFrame frame = head; frame != null; frame = frame.next) {
            for (ByteBuffer buffer : frame.buffers) {
                int length = (int) Math.min(buffer.remaining(), left);
                buffer.position(buffer.position() + length);
                left -= length;
            }
            if (undelivered > 0) {
                advanced += frame.size - frame.remaining();
            }
            if (!frame.isWritten() || frame.kind == OutboundFrame.Kind.FINAL) {
                break; // nothing after an unfinished or final frame was staged
            }
        }
        long onWire = advanced - undelivered;
        OutboundFrame first = head;
        OutboundFrame last = null;
        OutboundFrame frame = head;
        while (frame != null && frame.isWritten() && (undelivered == 0 || frame.size <= onWire)) {
            onWire -= frame.size;
            last = frame;
            frame = frame.next;
            if (last.kind == OutboundFrame.Kind.FINAL) {
                break;
            }
        }
        if (last == null) {
            return null;
        }
        head = last.next;
        if (head == null) {
            tail = null;
        }
        last.next = null;
        return first;
    }

    /** Completes a chain of written frames; returns true if it held the final frame. */
    private static boolean complete(OutboundFrame chain) {
        boolean finalWritten = false;
        for (OutboundFrame frame = chain; frame != null; frame = frame.next) {
            frame.complete();
            finalWritten |= frame.kind == OutboundFrame.Kind.FINAL;
        }
        return finalWritten;
    }

    /**
     * Fails and drops the data frames not yet begun (a begun frame must finish before any other).
     * Event loop only: a frame being written counts as begun only once its write has returned.
     */
    void discardUnstarted(Throwable cause) {
        OutboundFrame discarded = null;
        OutboundFrame lastDiscarded = null;
        synchronized (this) {
            OutboundFrame previous = null;
            OutboundFrame frame = head;
            while (frame != null) {
                OutboundFrame next = frame.next;
                if (frame.kind == OutboundFrame.Kind.DATA && !frame.isStarted()) {
                    if (previous == null) {
                        head = next;
                    } else {
                        previous.next = next;
                    }
                    if (tail == frame) {
                        tail = previous;
                    }
                    frame.next = null;
                    if (lastDiscarded == null) {
                        discarded = frame;
                    } else {
                        lastDiscarded.next = frame;
                    }
                    lastDiscarded = frame;
                } else {
                    previous = frame;
                }
                frame = next;
            }
        }
        for (OutboundFrame frame = discarded; frame != null; frame = frame.next) {
            addBuffered(-frame.size);
            frame.fail(cause);
        }
    }
}
