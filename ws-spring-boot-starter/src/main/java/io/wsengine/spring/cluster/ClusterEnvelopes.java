package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ClusterMessage} as bytes on the bus: a version, the target's kind, the sequence, the node
 * id and the target's name (each with its length), then the frame exactly as the sending node
 * encoded it, so that no node encodes the message again.
 */
public final class ClusterEnvelopes {
    /** Changes whenever the layout does: a node ignores (and counts) envelopes of another version. */
    static final byte VERSION = 1;
    private static final ClusterMessage.Kind[] KINDS = ClusterMessage.Kind.values();

    private ClusterEnvelopes() {
    }

    /**
     * Writes a message as bytes.
     *
     * @param message the message
     * @return its envelope
     */
    public static byte[] encode(ClusterMessage message) {
        byte[] node = message.node().getBytes(StandardCharsets.UTF_8);
        byte[] target = message.target().name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = message.message().frame();
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 8 + 4 + node.length + 4 + target.length + frame.remaining());
        out.put(VERSION).put((byte) message.target().kind().ordinal()).putLong(message.sequence());
        out.putInt(node.length).put(node).putInt(target.length).put(target).put(frame);
        return out.array();
    }

    /**
     * Reads an envelope.
     *
     * @param envelope the bytes, as {@link #encode} wrote them
     * @return the message
     * @throws IllegalArgumentException if the bytes are not an envelope of this version
     */
    public static ClusterMessage decode(byte[] envelope) {
        try {
            ByteBuffer in = ByteBuffer.wrap(envelope);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("an envelope of version " + version + ", not " + VERSION);
            }
            int kind = in.get();
            if (kind < 0 || kind >= KINDS.length) {
                throw new IllegalArgumentException("an unknown target kind " + kind);
            }
            long sequence = in.getLong();
            String node = string(in);
            String target = string(in);
            PreparedMessage message = PreparedMessage.ofFrame(in);
            return new ClusterMessage(node, new ClusterMessage.Target(KINDS[kind], target), sequence, message);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("an envelope cut short", e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }
}
