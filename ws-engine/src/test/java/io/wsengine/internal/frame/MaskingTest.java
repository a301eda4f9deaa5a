package io.wsengine.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The XOR masking of RFC 6455 section 5.3, against the byte loop the RFC describes. */
class MaskingTest {
    private static final int MASK_KEY = 0x37FA213D;

    /** RFC 6455 section 5.3: octet i of the payload is XORed with octet (i MOD 4) of the key. */
    private static byte[] naive(byte[] data, int offset, int length, int maskKey, long payloadOffset) {
        byte[] result = data.clone();
        for (int i = 0; i < length; i++) {
            int keyIndex = (int) ((payloadOffset + i) % 4);
            result[offset + i] ^= (byte) (maskKey >>> (24 - 8 * keyIndex));
        }
        return result;
    }

    private static byte[] random(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    static Stream<Arguments> lengthsAndPayloadOffsets() {
        return IntStream.rangeClosed(0, 40).boxed()
                .flatMap(length -> IntStream.rangeClosed(0, 7).mapToObj(offset -> Arguments.of(length, offset)));
    }

    @ParameterizedTest(name = "length {0}, payloadOffset {1}")
    @MethodSource("lengthsAndPayloadOffsets")
    void matchesNaiveLoopForEveryShortLengthAndPayloadOffset(int length, int payloadOffset) {
        Random random = new Random(length * 31L + payloadOffset);
        // Also at every alignment within the array, with untouched bytes on both sides.
        for (int arrayOffset = 0; arrayOffset < 8; arrayOffset++) {
            byte[] data = random(random, arrayOffset + length + 3);
            byte[] expected = naive(data, arrayOffset, length, MASK_KEY, payloadOffset);

            Masking.unmask(data, arrayOffset, length, MASK_KEY, payloadOffset);

            assertThat(data).as("array offset %d", arrayOffset).isEqualTo(expected);
        }
    }

    @Test
    void matchesNaiveLoopForRandomData() {
        Random random = new Random(20240613);
        for (int round = 0; round < 2000; round++) {
            int length = random.nextInt(600);
            int arrayOffset = random.nextInt(16);
            int maskKey = random.nextInt();
            long payloadOffset = random.nextLong() & Long.MAX_VALUE;
            byte[] data = random(random, arrayOffset + length + random.nextInt(16));
            byte[] expected = naive(data, arrayOffset, length, maskKey, payloadOffset);

            Masking.unmask(data, arrayOffset, length, maskKey, payloadOffset);

            assertThat(data).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void unmaskingInPiecesEqualsUnmaskingWhole() {
        Random random = new Random(7);
        byte[] whole = random(random, 1000);
        byte[] pieces = whole.clone();
        Masking.unmask(whole, 0, whole.length, MASK_KEY, 0);

        for (int start = 0; start < pieces.length; ) {
            int length = Math.min(1 + random.nextInt(13), pieces.length - start);
            Masking.unmask(pieces, start, length, MASK_KEY, start);
            start += length;
        }

        assertThat(pieces).isEqualTo(whole);
    }

    @Test
    void maskingTwiceRestoresTheData() {
        byte[] data = random(new Random(3), 100);
        byte[] original = data.clone();

        Masking.unmask(data, 0, data.length, MASK_KEY, 5);
        assertThat(data).isNotEqualTo(original);
        Masking.unmask(data, 0, data.length, MASK_KEY, 5);

        assertThat(data).isEqualTo(original);
    }
}
