package io.wsengine.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's stream of data frames on a connection that agreed to permessage-deflate, built from
 * fuzz bytes so that every frame is well-formed RFC 6455 and only the payloads are arbitrary: what
 * the connection then makes of them depends on the compressed data alone.
 *
 * <p>Layout: pieces of one control byte, one length byte and that many payload bytes (fewer if the
 * input ends). Control bit 0: the frame is final; on a message's first frame, bit 1: binary rather
 * than text, bit 2: uncompressed (RSV1 clear). Each frame is masked with {@link #KEY}.
 *
 * @param wire     the frames, as the client sends them
 * @param messages each message's first frame's opcode, whether it is compressed, its payload
 *                 (unmasked, its frames' payloads joined) and whether its final frame came
 */
record CompressedStream(byte[] wire, List<Message> messages) {
    static final byte[] KEY = {(byte) 0x37, (byte) 0xFA, (byte) 0x21, (byte) 0x3D};
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;

    record Message(int opcode, boolean compressed, byte[] payload, boolean complete) {
    }

    static CompressedStream parse(byte[] input, int from) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<Message> messages = new ArrayList<>();
        ByteArrayOutputStream payload = null; // of the message in progress
        int opcode = 0;
        boolean compressed = false;
        int at = from;
        while (at + 2 <= input.length) {
            int control = input[at] & 0xFF;
            int length = Math.min(input[at + 1] & 0xFF, input.length - at - 2);
            boolean fin = (control & 1) != 0;
            int first;
            if (payload == null) {
                opcode = (control & 2) != 0 ? BINARY : TEXT;
                compressed = (control & 4) == 0;
                payload = new ByteArrayOutputStream();
                first = opcode | (compressed ? 0x40 : 0);
            } else {
                first = 0x0; // continuation, RSV1 clear (RFC 7692 section 6.1)
            }
            wire.write((fin ? 0x80 : 0) | first);
            frame(wire, input, at + 2, length);
            payload.write(input, at + 2, length);
            if (fin) {
                messages.add(new Message(opcode, compressed, payload.toByteArray(), true));
                payload = null;
            }
            at += 2 + length;
        }
        if (payload != null) {
            messages.add(new Message(opcode, compressed, payload.toByteArray(), false));
        }
        return new CompressedStream(wire.toByteArray(), messages);
    }

    /** Writes the rest of a masked frame after its first byte: length (7 or 16 bits), key, payload. */
    private static void frame(ByteArrayOutputStream wire, byte[] input, int offset, int length) {
        if (length <= 125) {
            wire.write(0x80 | length);
        } else {
            wire.write(0x80 | 126);
            wire.write(length >>> 8);
            wire.write(length);
        }
        wire.writeBytes(KEY);
        for (int i = 0; i < length; i++) {
            wire.write(input[offset + i] ^ KEY[i & 3]);
        }
    }
}
