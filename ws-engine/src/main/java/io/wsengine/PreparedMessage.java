package io.wsengine;

import io.wsengine.internal.deflate.MessageDeflater;
import io.wsengine.internal.frame.FrameEncoder;
import io.wsengine.internal.frame.Opcode;
import io.wsengine.internal.frame.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message encoded once into a frame, to be sent to any number of sessions with
 * {@link WsSession#send(PreparedMessage)}: a broadcast then costs one encoding, not one per receiver.
 * Server frames are never masked, so every receiver can share the same bytes. Immutable and safe to
 * share between threads; it may be sent any number of times.
 *
 * <p>With permessage-deflate, receivers whose compressor keeps no context between messages (they
 * agreed to {@code server_no_context_takeover}) share one compressed frame too, compressed at the first
 * send to one of them; a receiver whose context carries over from message to message compresses the
 * message on its own, as its context is its own.
 */
public final class PreparedMessage {
    private final ByteBuffer frame;
    private final Object deflateLock = new Object();
    /** The frame compressed without context, once a send needed it; null before. */
    private volatile Deflated deflated;

    /** A compressed frame and the level it was compressed at. */
    private record Deflated(int level, ByteBuffer frame) {
    }

    private PreparedMessage(ByteBuffer frame) {
        this.frame = frame.asReadOnlyBuffer();
    }

    /**
     * Encodes a text message.
     *
     * @param text the message, encoded as UTF-8 now (an unpaired surrogate becomes {@code ?})
     * @return the encoded message
     */
    public static PreparedMessage text(CharSequence text) {
        return new PreparedMessage(encode(Opcode.TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Encodes a binary message from the buffer's remaining bytes.
     *
     * @param data the payload; copied, and its position is left unchanged, so it may be reused
     *             afterwards
     * @return the encoded message
     */
    public static PreparedMessage binary(ByteBuffer data) {
        return new PreparedMessage(encode(Opcode.BINARY, data));
    }

    /**
     * Encodes a binary message.
     *
     * @param data the payload; copied, so the array may be reused afterwards
     * @return the encoded message
     */
    public static PreparedMessage binary(byte[] data) {
        return binary(ByteBuffer.wrap(data));
    }

    /**
     * Takes a message encoded elsewhere: the bytes of another {@link #frame()}, as another process sent
     * them (a cluster node, say), so that they are encoded once for every node. The bytes are checked as
     * a client's would be: one whole, unmasked, unfragmented text or binary frame without extension bits,
     * a text frame's payload valid UTF-8.
     *
     * @param frame the frame's bytes, exactly: header and payload, nothing after; copied
     * @return the message
     * @throws IllegalArgumentException if the bytes are not such a frame
     */
    public static PreparedMessage ofFrame(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
        if (copy.remaining() < 2) {
            throw new IllegalArgumentException("not a frame: " + copy.remaining() + " bytes");
        }
        int first = copy.get(0) & 0xFF;
        int second = copy.get(1) & 0xFF;
        int opcode = first & 0x0F;
        if ((first & 0xF0) != 0x80 || (opcode != Opcode.TEXT && opcode != Opcode.BINARY) || (second & 0x80) != 0) {
            throw new IllegalArgumentException("not a final, unmasked text or binary frame without extension bits");
        }
        long length = second & 0x7F;
        int header = 2;
        if (length == 126) {
            header = 4;
            length = copy.remaining() >= 4 ? copy.getShort(2) & 0xFFFF : -1;
        } else if (length == 127) {
            header = 10;
            length = copy.remaining() >= 10 ? copy.getLong(2) : -1;
        }
        if (length < 0 || header + length != copy.remaining() || FrameEncoder.headerLength(length) != header) {
            throw new IllegalArgumentException("the frame's length does not match its " + copy.remaining() + " bytes");
        }
        if (opcode == Opcode.TEXT && !Utf8Validator.isValid(copy.array(), header, (int) length)) {
            throw new IllegalArgumentException("the text frame's payload is not valid UTF-8");
        }
        return new PreparedMessage(copy);
    }

    /** {@return whether this is a text message, not a binary one} */
    public boolean isText() {
        return (frame.get(0) & 0x0F) == Opcode.TEXT;
    }

    private static ByteBuffer encode(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(FrameEncoder.headerLength(length) + length);
        FrameEncoder.writeHeader(frame, opcode, length);
        return frame.put(payload.duplicate()).flip();
    }

    /**
     * The message compressed by permessage-deflate (RFC 7692) without a context: the frame, RSV1 set,
     * that every receiver gets whose compressor keeps none between messages. Compressed at the first
     * call and kept, so a broadcast compresses once; a call at another level than the kept frame's
     * compresses again, without keeping the result.
     *
     * @param level the deflate level, 1 to 9
     * @return the compressed frame, header and payload, as a fresh read-only view positioned at its start
     * @throws IllegalArgumentException if the level is outside 1 to 9
     */
    public ByteBuffer deflatedFrame(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("level must be 1 to 9, was " + level);
        }
        Deflated kept = deflated;
        if (kept == null) {
            synchronized (deflateLock) {
                kept = deflated;
                if (kept == null) {
                    kept = new Deflated(level, deflate(level));
                    deflated = kept;
                }
            }
        }
        return (kept.level() == level ? kept.frame() : deflate(level)).duplicate();
    }

    private ByteBuffer deflate(int level) {
        int payloadLength = FrameEncoder.payloadLength(frame.remaining());
        ByteBuffer payload = frame.duplicate().position(frame.remaining() - payloadLength).slice();
        return MessageDeflater.deflateOnce(frame.get(0) & 0x0F, payload, level).asReadOnlyBuffer();
    }

    /** {@return the encoded frame, header and payload, as a fresh read-only view positioned at its start} */
    public ByteBuffer frame() {
        return frame.duplicate();
    }

    /** {@return the size of the encoded frame in bytes, header included} */
    public int size() {
        return frame.remaining();
    }
}
