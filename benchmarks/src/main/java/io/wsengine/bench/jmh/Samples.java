package io.wsengine.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Payloads for the microbenchmarks, reproducible from a fixed seed. */
final class Samples {
    private Samples() {
    }

    /**
     * {@code size} bytes of valid UTF-8: {@code ascii} (printable), {@code latin} (mostly ASCII with
     * 2-byte letters), {@code cjk} (3-byte characters), {@code emoji} (4-byte characters); cut at a
     * character boundary and padded with ASCII to the exact size.
     */
    static byte[] utf8(String content, int size) {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            for (int i = 0; i < 256; i++) {
                switch (content) {
                    case "ascii" -> text.append((char) (0x21 + random.nextInt(94)));
                    case "latin" -> text.append(random.nextInt(8) == 0 ? (char) (0xC0 + random.nextInt(0x3F)) : (char) ('a' + random.nextInt(26)));
                    case "cjk" -> text.append((char) (0x4E00 + random.nextInt(0x5000)));
                    case "emoji" -> text.appendCodePoint(0x1F600 + random.nextInt(0x50));
                    default -> throw new IllegalArgumentException(content);
                }
            }
        }
        byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
        int end = size;
        while (end > 0 && end < all.length && (all[end] & 0xC0) == 0x80) {
            end--; // do not cut a character
        }
        byte[] out = new byte[size];
        System.arraycopy(all, 0, out, 0, end);
        for (int i = end; i < size; i++) {
            out[i] = 'x';
        }
        return out;
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        new SplittableRandom(7).nextBytes(data);
        return data;
    }

    /** Client frames (masked, final) carrying {@code payload}, repeated to fill about {@code total} bytes. */
    static ByteBuffer maskedFrames(int opcode, byte[] payload, int total) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4;
        int count = Math.max(1, total / (header + length));
        ByteBuffer frames = ByteBuffer.allocate(count * (header + length));
        SplittableRandom random = new SplittableRandom(3);
        for (int f = 0; f < count; f++) {
            frames.put((byte) (0x80 | opcode));
            if (length < 126) {
                frames.put((byte) (0x80 | length));
            } else if (length < 65536) {
                frames.put((byte) (0x80 | 126)).putShort((short) length);
            } else {
                frames.put((byte) (0x80 | 127)).putLong(length);
            }
            int key = random.nextInt();
            frames.putInt(key);
            for (int i = 0; i < length; i++) {
                frames.put((byte) (payload[i] ^ (key >>> (24 - 8 * (i & 3)))));
            }
        }
        return frames.flip();
    }
}
