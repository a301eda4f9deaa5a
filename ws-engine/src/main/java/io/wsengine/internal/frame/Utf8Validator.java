package io.wsengine.internal.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629 section 4): bytes may arrive in any number of pieces, split
 * anywhere, and the first invalid byte is reported at once. ASCII runs are skipped eight bytes at a
 * time.
 */
public final class Utf8Validator {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Continuation bytes still expected for the current code point. */
    private int pending;
    /** Allowed range of the next continuation byte; narrower after E0, ED, F0 and F4. */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Feeds the next bytes; returns false at the first byte that cannot be UTF-8. */
    public boolean feed(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (pending == 0) {
                while (i + 8 <= end && ((long) LONGS.get(data, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
                int b = data[i++] & 0xFF;
                if (b >= 0x80 && !startSequence(b)) {
                    return false;
                }
            } else {
                int b = data[i++] & 0xFF;
                if (b < lower || b > upper) {
                    return false;
                }
                pending--;
                lower = 0x80;
                upper = 0xBF;
            }
        }
        return true;
    }

    private boolean startSequence(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF); // no overlong 3-byte forms
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F); // no UTF-16 surrogates
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF); // no overlong 4-byte forms
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F); // nothing above U+10FFFF
        } else {
            return false; // stray continuation, C0/C1 overlong lead, F5-FF
        }
        return true;
    }

    private void expect(int count, int low, int high) {
        pending = count;
        lower = low;
        upper = high;
    }

    /** True when the bytes fed so far end on a code point boundary. */
    public boolean isComplete() {
        return pending == 0;
    }

    public void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Whether the whole array range is valid, complete UTF-8. */
    public static boolean isValid(byte[] data, int offset, int length) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(data, offset, length) && validator.isComplete();
    }
}
