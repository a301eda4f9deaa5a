package io.wsengine;

import io.wsengine.internal.frame.FrameEncoder;
import io.wsengine.internal.frame.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message encoded once into a frame, to be sent to any number of sessions with
 * {@link WsSession#send(PreparedMessage)}: a broadcast then costs one encoding, not one per receiver.
 * Server frames are never masked, so every receiver can share the same bytes. Immutable and safe to
 * share between threads; it may be sent any number of times.
 */
public final class PreparedMessage {
    private final ByteBuffer frame;

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

    private static ByteBuffer encode(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(FrameEncoder.headerLength(length) + length);
        FrameEncoder.writeHeader(frame, opcode, length);
        return frame.put(payload.duplicate()).flip();
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
