package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.internal.frame.Utf8Validator;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * The engine's {@link Utf8Validator} against the JDK's decoder ({@link Utf8Reference}): any bytes,
 * fed in pieces cut anywhere and lying anywhere in a larger array, are judged valid exactly when the
 * JDK decodes them, and rejected in the piece that holds the first byte no valid text can have there.
 *
 * <p>Input: one byte that seeds the pieces and the array around them, then the bytes to validate.
 */
class Utf8ValidatorFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void agreesWithTheJdkDecoderHoweverTheBytesAreSplit(byte[] input) {
        if (input.length < 1) {
            return;
        }
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        boolean valid = Utf8Reference.isValid(data);
        int firstInvalid = Utf8Reference.firstInvalidByte(data);
        check(Utf8Validator.isValid(data, 0, data.length) == valid, data, "isValid says " + !valid);

        Random random = new Random(input[0]);
        for (int[] reads : Reads.cuttings(data.length, input[0])) {
            // Bytes on both sides, so that a wide read past either end would show.
            int before = random.nextInt(9);
            byte[] array = new byte[before + data.length + 9];
            random.nextBytes(array);
            System.arraycopy(data, 0, array, before, data.length);

            Utf8Validator validator = new Utf8Validator();
            int start = 0;
            int rejectedPiece = -1;
            for (int piece = 0; piece < reads.length && rejectedPiece < 0; piece++) {
                if (!validator.feed(array, before + start, reads[piece])) {
                    rejectedPiece = piece;
                } else {
                    start += reads[piece];
                }
            }
            String how = Reads.describe(reads);
            if (firstInvalid < 0) {
                check(rejectedPiece < 0, data, "rejected the piece at " + start + ", " + how);
                check(validator.isComplete() == valid, data, "isComplete says " + !valid + ", " + how);
            } else {
                boolean inRejectedPiece = rejectedPiece >= 0 && firstInvalid >= start
                        && firstInvalid < start + reads[rejectedPiece];
                check(inRejectedPiece, data, "first invalid byte " + firstInvalid + ", but "
                        + (rejectedPiece < 0 ? "nothing was rejected" : "the piece at " + start + " was rejected")
                        + ", " + how);
            }
        }
    }

    private static void check(boolean condition, byte[] data, String message) {
        if (!condition) {
            throw new AssertionError(message + ": " + HexFormat.ofDelimiter(" ").formatHex(data));
        }
    }
}
