package io.wsengine.internal.frame;

import io.wsengine.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server frames (RFC 6455 section 5.2): never masked, always final, so one encoded frame can
 * be shared, read-only, by any number of receivers.
 */
public final class FrameEncoder {
    /** The first reserved bit: permessage-deflate's mark of a compressed message (RFC 7692 section 6). */
    public static final int RSV1 = 0x40;
    /** Payloads up to this size are copied behind their header; larger ones are written from their own buffer. */
    private static final int COPY_THRESHOLD = 8 * 1024;

    private FrameEncoder() {
    }

    public static int headerLength(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** {@return the payload's length in a server frame (unmasked) of this many bytes, header included} */
    public static int payloadLength(long frameLength) {
        long payload = frameLength - 2;
        if (payload >= 126) {
            payload = frameLength - 4 >= 65_536 ? frameLength - 10 : frameLength - 4;
        }
        return (int) payload;
    }

    /**
     * Writes the header of a final, unmasked frame.
     *
     * @param opcode the opcode, with {@link #RSV1} for a compressed message
     */
    public static void writeHeader(ByteBuffer target, int opcode, long payloadLength) {
        target.put((byte) (0x80 | opcode));
        if (payloadLength <= 125) {
            target.put((byte) payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            target.put((byte) 126);
            target.putShort((short) payloadLength);
        } else {
            target.put((byte) 127);
            target.putLong(payloadLength);
        }
    }

    /**
     * Encodes a frame as one or two buffers (header, then payload when it is large), ready to write.
     * The payload buffer is not copied when large: the caller must not change it afterwards.
     */
    public static ByteBuffer[] encode(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        if (length > COPY_THRESHOLD) {
            ByteBuffer header = ByteBuffer.allocate(headerLength(length));
            writeHeader(header, opcode, length);
            return new ByteBuffer[] {header.flip(), payload.slice()};
        }
        ByteBuffer frame = ByteBuffer.allocate(headerLength(length) + length);
        writeHeader(frame, opcode, length);
        frame.put(payload.duplicate());
        return new ByteBuffer[] {frame.flip()};
    }

    public static ByteBuffer[] text(CharSequence text) {
        byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
        if (payload.length > COPY_THRESHOLD) {
            return encode(Opcode.TEXT, ByteBuffer.wrap(payload));
        }
        // The usual small message: one array and one buffer, with no wrapper around the payload.
        ByteBuffer frame = ByteBuffer.allocate(headerLength(payload.length) + payload.length);
        writeHeader(frame, Opcode.TEXT, payload.length);
        return new ByteBuffer[] {frame.put(payload).flip()};
    }

    public static ByteBuffer[] binary(ByteBuffer data) {
        return encode(Opcode.BINARY, data);
    }

    public static ByteBuffer control(int opcode, byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("control frame payload of " + payload.length + " bytes; at most 125");
        }
        ByteBuffer frame = ByteBuffer.allocate(2 + payload.length);
        writeHeader(frame, opcode, payload.length);
        return frame.put(payload).flip();
    }

    /** A close frame; {@link CloseStatus#NO_STATUS_RECEIVED} encodes as an empty payload. */
    public static ByteBuffer close(CloseStatus status) {
        if (status.code() == CloseStatus.NO_STATUS_RECEIVED.code()) {
            return control(Opcode.CLOSE, new byte[0]);
        }
        byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (status.code() >>> 8);
        payload[1] = (byte) status.code();
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return control(Opcode.CLOSE, payload);
    }
}
