package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The engine's frame reading ({@code FrameReader}: {@code FrameParser}, {@code MessageAssembler},
 * {@code Utf8Validator}) against {@link FrameModel}: any client bytes, cut into reads anywhere, give
 * the same messages and control frames, and the same close code, as the model decoding them whole.
 *
 * <p>Input: one byte of settings (limits, kind of read buffer, whether readers move between reads),
 * one byte that seeds the read sizes, then the bytes from the client.
 */
class FrameReaderFuzzTest {
    /** Message limit, then frame limit as a connection derives it (never above the message limit). */
    private static final long[][] LIMITS = {{1 << 20, 1 << 20}, {1000, 300}, {200, 125}, {10, 10}};

    @FuzzTest(maxDuration = "10m")
    void splitFramesGiveTheSameEventsAsTheModel(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int settings = input[0] & 0xFF;
        long[] limits = LIMITS[settings & 3];
        ConnectionReads.Buffers buffers = ConnectionReads.Buffers.values()[((settings >> 2) & 3) % 3];
        boolean moveReaders = (settings & 0x10) != 0;
        byte[] wire = Arrays.copyOfRange(input, 2, input.length);

        FrameOutcome expected = FrameModel.decode(wire, limits[1], limits[0]);
        for (int[] reads : Reads.cuttings(wire.length, input[1])) {
            FrameOutcome actual = ConnectionReads.run(wire, reads, buffers, moveReaders, limits[1], limits[0]);
            if (!actual.equals(expected)) {
                throw new AssertionError("limits " + Arrays.toString(limits) + ", " + buffers + " buffers"
                        + (moveReaders ? ", readers moving" : "") + ", " + Reads.describe(reads)
                        + ":\n engine: " + actual + "\n model:  " + expected);
            }
        }
    }
}
