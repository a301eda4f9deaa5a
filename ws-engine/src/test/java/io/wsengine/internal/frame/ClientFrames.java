package io.wsengine.internal.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds client frames (RFC 6455 section 5.2) byte for byte, masked as a client must (section 5.3),
 * or broken on purpose: any first byte, any declared length, no mask.
 */
final class ClientFrames {
    /** A key whose bytes all differ, so a key applied at the wrong offset shows. */
    static final byte[] MASK = {(byte) 0x37, (byte) 0xFA, (byte) 0x21, (byte) 0x3D};

    private ClientFrames() {
    }

    /** A masked frame with the minimal length encoding. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame((fin ? 0x80 : 0) | opcode, payload);
    }

    /** A masked frame with any first byte (FIN, RSV bits, opcode). */
    static byte[] frame(int firstByte, byte[] payload) {
        return concat(header(firstByte, payload.length, true), masked(payload));
    }

    /** The payload masked with {@link #MASK}, as the start of a frame's payload. */
    static byte[] masked(byte[] payload) {
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return masked;
    }

    static byte[] text(boolean fin, String text) {
        return frame(fin, Opcode.TEXT, utf8(text));
    }

    static byte[] text(String text) {
        return text(true, text);
    }

    static byte[] binary(boolean fin, byte[] data) {
        return frame(fin, Opcode.BINARY, data);
    }

    static byte[] continuation(boolean fin, byte[] data) {
        return frame(fin, Opcode.CONTINUATION, data);
    }

    static byte[] ping(String payload) {
        return frame(true, Opcode.PING, utf8(payload));
    }

    static byte[] close(byte[] payload) {
        return frame(true, Opcode.CLOSE, payload);
    }

    /** A close payload: the code in network byte order, then the reason's bytes. */
    static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    /**
     * A frame header declaring {@code length}: 7-bit up to 125, else 16-bit up to 65535, else 64-bit;
     * followed by {@link #MASK} when {@code masked}.
     */
    static byte[] header(int firstByte, long length, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        if (masked) {
            out.writeBytes(MASK);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
