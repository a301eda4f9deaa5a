package io.wsengine.fuzz;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 as the JDK's own decoder judges it (REPORT mode), the reference for the engine's
 * {@code Utf8Validator}. The engine fails a text message at its first byte that no valid text can
 * have there, so besides "valid" this answers "can still become valid", which the JDK's decoder does
 * not say by itself: fed part of a sequence it waits for the rest, even when the part seen already
 * rules out every ending (such as {@code ED A0}, the start of a UTF-16 surrogate).
 */
final class Utf8Reference {
    /** Second bytes that open each lead byte's allowed range (E0: A0.., ED: ..9F, F0: 90.., F4: ..8F). */
    private static final int[] SECOND_BYTES = {0x80, 0x90, 0xA0, 0xBF};

    private Utf8Reference() {
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Whether the bytes are whole, valid UTF-8. */
    static boolean isValid(byte[] data, int offset, int length) {
        CharsetDecoder decoder = decoder();
        CharBuffer out = CharBuffer.allocate(length + 1);
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        return !decoder.decode(in, out, true).isError() && !decoder.flush(out).isError() && !in.hasRemaining();
    }

    static boolean isValid(byte[] data) {
        return isValid(data, 0, data.length);
    }

    /** Whether some bytes appended to these could make valid UTF-8: no byte so far is wrong. */
    static boolean isValidPrefix(byte[] data, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        CoderResult result = decoder().decode(in, CharBuffer.allocate(length + 1), false);
        if (result.isError()) {
            return false;
        }
        if (!in.hasRemaining()) {
            return true;
        }
        // The decoder waits for the rest of a sequence (at most 3 bytes): try the endings that could be.
        byte[] tail = new byte[in.remaining()];
        in.get(tail);
        for (int second : SECOND_BYTES) {
            for (int more = 0; more <= 2; more++) {
                byte[] candidate = Arrays.copyOf(tail, tail.length + 1 + more);
                candidate[tail.length] = (byte) (tail.length == 1 ? second : 0x80);
                Arrays.fill(candidate, tail.length + 1, candidate.length, (byte) 0x80);
                if (isValid(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The index of the first byte that no valid UTF-8 can have there, or -1 when every prefix can still become valid. */
    static int firstInvalidByte(byte[] data) {
        if (isValidPrefix(data, 0, data.length)) {
            return -1;
        }
        // A prefix of a valid prefix is one too, so the first invalid prefix can be searched for.
        int low = 0; // data[0, low) is a valid prefix
        int high = data.length; // data[0, high) is not
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (isValidPrefix(data, 0, middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high - 1;
    }
}
