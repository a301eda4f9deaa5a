package io.wsengine.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic test payloads. */
public final class Payloads {
    /** One, two, three and four UTF-8 bytes: ASCII, Latin, the euro sign, emoji and a musical symbol. */
    private static final String[] MIX = {"a", "é", "€", "😀", "b", "ж", "𝄞", "中"};

    private Payloads() {
    }

    /**
     * Text of exactly {@code utf8Bytes} UTF-8 bytes, mixing 1- to 4-byte code points (supplementary
     * characters included) and ending in ASCII where the mix does not fit exactly.
     */
    public static String text(int utf8Bytes) {
        StringBuilder text = new StringBuilder(utf8Bytes);
        int size = 0;
        for (int i = 0; ; i++) {
            String next = MIX[i % MIX.length];
            int length = next.getBytes(StandardCharsets.UTF_8).length;
            if (size + length > utf8Bytes - 4) {
                break;
            }
            text.append(next);
            size += length;
        }
        while (size < utf8Bytes) {
            text.append((char) ('0' + size % 10));
            size++;
        }
        String result = text.toString();
        if (result.getBytes(StandardCharsets.UTF_8).length != utf8Bytes) {
            throw new IllegalStateException("payload of the wrong size");
        }
        return result;
    }

    /** {@code size} pseudo-random bytes, the same for the same size. */
    public static byte[] binary(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
