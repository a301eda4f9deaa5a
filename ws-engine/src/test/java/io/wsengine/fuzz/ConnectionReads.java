package io.wsengine.fuzz;

import io.wsengine.internal.deflate.MessageInflater;
import io.wsengine.internal.frame.FrameReader;
import io.wsengine.internal.frame.MessageListener;
import io.wsengine.internal.frame.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Drives the engine's {@link FrameReader} the way a connection does: each read lands in a buffer, the
 * reader parses until the buffer is empty, a close frame has come, or a {@link ProtocolException}
 * fails the connection; a reader at rest after a read goes back to a pool and the next read may get
 * another one, as with an event loop's lent readers. A connection that agreed to permessage-deflate
 * binds its inflater to every reader it is lent.
 */
final class ConnectionReads implements MessageListener {

    /** How reads reach the reader. */
    enum Buffers {
        /** Each read wrapped where it lies in the stream's array. */
        HEAP,
        /** One direct buffer, cleared and filled for each read, as the event loop's read buffer. */
        DIRECT,
        /** Heap buffers in little-endian order: the parser cannot take its wide-read path. */
        LITTLE_ENDIAN
    }

    private final long maxFrameSize;
    private final long maxMessageSize;
    private final MessageInflater inflater;
    private final List<String> events = new ArrayList<>();
    private final Deque<FrameReader> idleReaders = new ArrayDeque<>();
    private boolean closeReceived;

    private ConnectionReads(long maxFrameSize, long maxMessageSize, MessageInflater inflater) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.inflater = inflater;
        idleReaders.push(new FrameReader());
        idleReaders.push(new FrameReader());
    }

    static FrameOutcome run(byte[] wire, int[] reads, Buffers buffers, boolean moveReaders,
                            long maxFrameSize, long maxMessageSize) {
        return run(wire, reads, buffers, moveReaders, maxFrameSize, maxMessageSize, null);
    }

    /** Like the other {@code run}, for a connection whose compressed messages this inflater decompresses. */
    static FrameOutcome run(byte[] wire, int[] reads, Buffers buffers, boolean moveReaders,
                            long maxFrameSize, long maxMessageSize, MessageInflater inflater) {
        return new ConnectionReads(maxFrameSize, maxMessageSize, inflater).feed(wire, reads, buffers, moveReaders);
    }

    private FrameOutcome feed(byte[] wire, int[] reads, Buffers buffers, boolean moveReaders) {
        ByteBuffer direct = buffers == Buffers.DIRECT ? ByteBuffer.allocateDirect(Math.max(1, wire.length)) : null;
        FrameReader reader = null;
        int offset = 0;
        for (int length : reads) {
            ByteBuffer buffer;
            if (direct != null) {
                buffer = direct.clear().put(wire, offset, length).flip();
            } else {
                buffer = ByteBuffer.wrap(wire, offset, length);
                if (buffers == Buffers.LITTLE_ENDIAN) {
                    buffer.order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            offset += length;
            try {
                while (buffer.hasRemaining() && !closeReceived) {
                    if (reader == null) {
                        reader = lend(moveReaders);
                    }
                    reader.parse(buffer);
                }
            } catch (ProtocolException e) {
                return new FrameOutcome(List.copyOf(events), e.status().code());
            }
            if (closeReceived) {
                break;
            }
            if (reader != null && reader.atRest()) {
                reader.unbind();
                idleReaders.addLast(reader); // the next read takes the other reader first
                reader = null;
            }
        }
        return new FrameOutcome(List.copyOf(events), 0);
    }

    private FrameReader lend(boolean moveReaders) {
        FrameReader reader = moveReaders ? idleReaders.pollFirst() : idleReaders.pollLast();
        return reader.bind(this, maxMessageSize, maxFrameSize, inflater);
    }

    @Override
    public void onText(String text, int bytes) {
        events.add(FrameOutcome.text(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        // The application may read the whole backing array: it must hold nothing of another message.
        if (data.hasArray()) {
            byte[] array = data.array();
            for (int i = 0; i < array.length; i++) {
                boolean inMessage = i >= data.arrayOffset() + data.position() && i < data.arrayOffset() + data.limit();
                if (!inMessage && array[i] != 0) {
                    throw new AssertionError("the binary message's array holds byte " + array[i] + " at " + i
                            + " outside the message of " + bytes.length + " bytes");
                }
            }
        }
        events.add(FrameOutcome.binary(bytes));
    }

    @Override
    public void onPing(byte[] payload) {
        events.add(FrameOutcome.ping(payload));
    }

    @Override
    public void onPong(byte[] payload) {
        events.add(FrameOutcome.pong(payload));
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        closeReceived = true;
        events.add(FrameOutcome.close(code, reason));
    }
}
