package io.wsengine.internal.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** XOR masking of RFC 6455 section 5.3, eight bytes at a time. */
public final class Masking {
    /** Little-endian, the byte order of the usual CPUs: their loads and stores then need no byte swap. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * Unmasks {@code length} bytes of {@code data} in place.
     *
     * @param maskKey       the frame's 4-byte masking key, first byte in the high bits
     * @param payloadOffset where {@code data[offset]} sits in the frame's payload; picks the key byte
     */
    public static void unmask(byte[] data, int offset, int length, int maskKey, long payloadOffset) {
        int key = Integer.rotateLeft(maskKey, 8 * (int) (payloadOffset & 3));
        long wideKey = Long.reverseBytes(((long) key << 32) | (key & 0xFFFFFFFFL)); // key bytes in memory order
        int i = offset;
        int end = offset + length;
        for (; i + 32 <= end; i += 32) {
            LONGS.set(data, i, (long) LONGS.get(data, i) ^ wideKey);
            LONGS.set(data, i + 8, (long) LONGS.get(data, i + 8) ^ wideKey);
            LONGS.set(data, i + 16, (long) LONGS.get(data, i + 16) ^ wideKey);
            LONGS.set(data, i + 24, (long) LONGS.get(data, i + 24) ^ wideKey);
        }
        for (; i + 8 <= end; i += 8) {
            LONGS.set(data, i, (long) LONGS.get(data, i) ^ wideKey);
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            data[i] ^= (byte) (key >>> shift);
        }
    }
}
