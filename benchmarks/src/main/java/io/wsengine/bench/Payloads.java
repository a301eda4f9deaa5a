package io.wsengine.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The messages the load generator sends, built so that every echo can be checked without keeping a
 * copy: the payload of message {@code seq} on connection {@code conn} is a slice of a fixed random
 * pattern, at an offset that depends on both, with the sequence number stamped at its start. A
 * message echoed out of order, truncated, altered or belonging to another connection differs from
 * the expected one.
 */
final class Payloads {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int OFFSETS = 256;

    /** Broadcast messages: 16 hex digits of sequence, space, 16 hex digits of send time, space, filler. */
    static final int BROADCAST_HEADER = 34;

    private final byte[] pattern;
    private final int size;
    private final boolean binary;

    Payloads(int size, boolean binary) {
        this(size, binary, false);
    }

    /**
     * With {@code json}, text messages are slices of a stream of chat-message objects ({@link ChatJson}):
     * compressible as real JSON traffic is, where the random pattern does not compress at all.
     */
    Payloads(int size, boolean binary, boolean json) {
        this.size = size;
        this.binary = binary;
        if (json && !binary) {
            this.pattern = ChatJson.text(size + OFFSETS);
            return;
        }
        this.pattern = new byte[size + OFFSETS];
        SplittableRandom random = new SplittableRandom(0x5eed_0f_ec40L);
        for (int i = 0; i < pattern.length; i++) {
            // Text is printable ASCII (UTF-8 valid by construction); binary takes every byte value.
            pattern[i] = binary ? (byte) random.nextInt(256) : (byte) (0x21 + random.nextInt(0x7e - 0x21 + 1));
        }
    }

    int size() {
        return size;
    }

    /** Writes the payload of message {@code seq} of connection {@code conn} into {@code target[0, size)}. */
    void fill(byte[] target, int conn, long seq) {
        int offset = (int) ((seq * 31 + conn * 17L) & (OFFSETS - 1));
        System.arraycopy(pattern, offset, target, 0, size);
        if (binary) {
            int n = Math.min(size, 8);
            for (int i = 0; i < n; i++) {
                target[n - 1 - i] = (byte) (seq >>> (8 * i));
            }
        } else {
            int n = Math.min(size, 16);
            for (int i = 0; i < n; i++) {
                target[n - 1 - i] = HEX[(int) (seq >>> (4 * i)) & 0xF];
            }
        }
    }

    /** A broadcast message: sequence number and send time (nanoTime) in hex, then filler from the pattern. */
    void fillBroadcast(byte[] target, long seq, long sendNanos) {
        writeHex(target, 0, seq);
        target[16] = ' ';
        writeHex(target, 17, sendNanos);
        target[33] = ' ';
        System.arraycopy(pattern, (int) (seq & (OFFSETS - 1)), target, BROADCAST_HEADER, size - BROADCAST_HEADER);
    }

    /** Checks a received broadcast message; returns its sequence number, or -1 if it is malformed. */
    long checkBroadcast(byte[] message, int length) {
        if (length != size || message[16] != ' ' || message[33] != ' ' || !isHex(message, 0) || !isHex(message, 17)) {
            return -1;
        }
        long seq = readHex(message, 0);
        if (seq < 0) {
            return -1;
        }
        int offset = (int) (seq & (OFFSETS - 1));
        if (java.util.Arrays.mismatch(message, BROADCAST_HEADER, size, pattern, offset, offset + size - BROADCAST_HEADER) != -1) {
            return -1;
        }
        return seq;
    }

    static long sendNanosOfBroadcast(byte[] message) {
        return readHex(message, 17);
    }

    private static void writeHex(byte[] target, int at, long value) {
        for (int i = 0; i < 16; i++) {
            target[at + 15 - i] = HEX[(int) (value >>> (4 * i)) & 0xF];
        }
    }

    private static boolean isHex(byte[] source, int at) {
        for (int i = 0; i < 16; i++) {
            byte b = source[at + i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** 16 lower-case hex digits (checked by {@link #isHex}) as a long, two's complement. */
    private static long readHex(byte[] source, int at) {
        long value = 0;
        for (int i = 0; i < 16; i++) {
            byte b = source[at + i];
            value = value << 4 | (b <= '9' ? b - '0' : b - 'a' + 10);
        }
        return value;
    }

    /** XORs {@code data[0, length)} with a 4-byte masking key (RFC 6455 section 5.3), a long at a time. */
    static void mask(byte[] data, int length, int key) {
        long key8 = (key & 0xFFFF_FFFFL) << 32 | (key & 0xFFFF_FFFFL);
        int i = 0;
        for (int end = length - 7; i < end; i += 8) {
            LONGS.set(data, i, (long) LONGS.get(data, i) ^ key8);
        }
        for (; i < length; i++) {
            data[i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
    }
}
