package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a client of a recovery group receives: each message as {@code {"id":"<stream id>","data":<the
 * message's JSON>}}, so that it can keep the id and give it back when it reconnects, and, when it
 * missed more than the group keeps, {@code {"gap":true,"after":"<its last id>"}}.
 */
public final class RecoveryFrames {
    private static final byte[] ID = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\",\"data\":".getBytes(StandardCharsets.US_ASCII);

    private RecoveryFrames() {
    }

    /**
     * The JSON a message to a recovery group carries: a string as a JSON string, anything else as the
     * application's JSON.
     *
     * @param text the message as text
     * @return it as a JSON string
     */
    static String quote(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Wraps a group's message with its id: built once per message on each node, for all its receivers.
     *
     * @param id      the message's stream entry id
     * @param message the message as published: a text frame whose payload is JSON
     * @return the frame the clients get
     */
    static PreparedMessage withId(String id, PreparedMessage message) {
        ByteBuffer frame = message.frame();
        ByteBuffer payload = payload(frame);
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer text = ByteBuffer.allocate(ID.length + idBytes.length + DATA.length + payload.remaining() + 1);
        text.put(ID).put(idBytes).put(DATA).put(payload).put((byte) '}').flip();
        return PreparedMessage.text(StandardCharsets.UTF_8.decode(text));
    }

    /**
     * The notice of a gap: the client missed more than the group keeps.
     *
     * @param lastId the last id the client saw
     * @return the frame
     */
    static PreparedMessage gap(String lastId) {
        return PreparedMessage.text("{\"gap\":true,\"after\":" + quote(lastId) + "}");
    }

    private static ByteBuffer payload(ByteBuffer frame) {
        int lengthField = frame.get(frame.position() + 1) & 0x7F;
        int header = lengthField == 126 ? 4 : lengthField == 127 ? 10 : 2;
        return frame.position(frame.position() + header).slice();
    }
}
