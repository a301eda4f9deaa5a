package io.wsengine.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UTF-8 as RFC 3629 section 4 defines it, fed whole, in two pieces split anywhere, and a byte at a
 * time. Cases follow the categories of Markus Kuhn's "UTF-8 decoder capability and stress test".
 */
class Utf8ValidatorTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Valid and complete after feeding {@code data} in two pieces split at {@code split}. */
    private static boolean validSplitAt(byte[] data, int split) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(data, 0, split) && validator.feed(data, split, data.length - split)
                && validator.isComplete();
    }

    /** Index of the byte at which byte-at-a-time feeding fails, or -1 if none does. */
    private static int firstRejectedByte(byte[] data) {
        Utf8Validator validator = new Utf8Validator();
        for (int i = 0; i < data.length; i++) {
            if (!validator.feed(data, i, 1)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean javaAccepts(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "00", "7f", "41 42 43",
            "c2 80", "df bf", "c3 a9",                 // 2 bytes: U+0080, U+07FF, é
            "e0 a0 80", "ef bf bf", "e2 82 ac",        // 3 bytes: U+0800, U+FFFF, €
            "ed 9f bf", "ee 80 80",                    // around the surrogates: U+D7FF, U+E000
            "ef bf bd", "ef bb bf",                    // U+FFFD, BOM
            "f0 90 80 80", "f4 8f bf bf", "f3 bf bf bf", // U+10000, U+10FFFF, U+FFFFF
            "ce ba e1 bd b9 cf 83 ce bc ce b5",        // κόσμε, the stress test's first line
            "30 31 32 33 34 35 36 37 38 39 c3 a9 30 31 32 33 34 35 36 37 38 39", // ASCII runs longer than 8
            "c3 a9 30 31 32 33 34 35 36 37 38 39 f0 9f 98 80"})
    void acceptsValidSequenceHoweverSplit(String hex) {
        byte[] data = hex(hex);

        assertThat(Utf8Validator.isValid(data, 0, data.length)).as("whole").isTrue();
        for (int split = 0; split <= data.length; split++) {
            assertThat(validSplitAt(data, split)).as("split at %d", split).isTrue();
        }
        assertThat(firstRejectedByte(data)).as("byte at a time").isEqualTo(-1);
        assertThat(javaAccepts(data)).as("java.nio agrees").isTrue();
    }

    @ParameterizedTest(name = "{0} fails at byte {1}")
    @CsvSource({
            "c0 80, 0",               // overlong NUL (stress test 4.3)
            "c1 bf, 0",               // overlong 2-byte
            "e0 80 80, 1",            // overlong 3-byte
            "e0 9f bf, 1",            // overlong U+07FF
            "f0 80 80 80, 1",         // overlong 4-byte
            "f0 8f bf bf, 1",         // overlong U+FFFF
            "ed a0 80, 1",            // U+D800, high surrogate (stress test 5.1)
            "ed bf bf, 1",            // U+DFFF, low surrogate
            "ed a0 80 ed b0 80, 1",   // surrogate pair encoded as two 3-byte sequences (5.2)
            "f4 90 80 80, 1",         // U+110000, above the Unicode range
            "f5 80 80 80, 0",         // F5-FF never appear (RFC 3629 section 1)
            "f8 88 80 80 80, 0",      // 5-byte form
            "fc 84 80 80 80 80, 0",   // 6-byte form
            "fe, 0",
            "ff, 0",
            "80, 0",                  // lone continuation byte (3.1)
            "bf, 0",
            "41 80, 1",
            "c3 a9 a9, 2",            // one continuation too many
            "c3 41, 1",               // sequence cut short by ASCII (3.3)
            "e2 82 41, 2",
            "f0 9f 98 41, 3",
            "e2 28 a1, 1",
            "30 31 32 33 34 35 36 37 38 39 80, 10",       // stray continuation after a fast-path run
            "30 31 32 33 34 35 36 37 ff 30 31 32 33 34 35 36 37, 8",
            "c3 a9 30 31 32 33 34 35 36 37 38 39 c0 af, 12"})
    void rejectsInvalidSequenceAtTheFirstBadByte(String hex, int firstBadByte) {
        byte[] data = hex(hex);

        assertThat(Utf8Validator.isValid(data, 0, data.length)).as("whole").isFalse();
        assertThat(new Utf8Validator().feed(data, 0, data.length)).as("whole feed reports the bad byte").isFalse();
        for (int split = 0; split <= data.length; split++) {
            assertThat(validSplitAt(data, split)).as("split at %d", split).isFalse();
        }
        assertThat(firstRejectedByte(data)).as("byte at a time").isEqualTo(firstBadByte);
        assertThat(javaAccepts(data)).as("java.nio agrees").isFalse();
    }

    // Stress test 3.3/3.4: sequences with the last continuation byte(s) missing.
    @ParameterizedTest
    @ValueSource(strings = {"c3", "e2", "e2 82", "f0", "f0 9f", "f0 9f 98", "41 42 e0 a0", "ef bf"})
    void reportsTruncatedSequenceAsIncompleteNotInvalid(String hex) {
        byte[] data = hex(hex);

        for (int split = 0; split <= data.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            assertThat(validator.feed(data, 0, split) && validator.feed(data, split, data.length - split))
                    .as("no byte is invalid, split at %d", split).isTrue();
            assertThat(validator.isComplete()).as("incomplete, split at %d", split).isFalse();
        }
        assertThat(firstRejectedByte(data)).isEqualTo(-1);
        assertThat(Utf8Validator.isValid(data, 0, data.length)).isFalse();
        assertThat(javaAccepts(data)).as("java.nio agrees").isFalse();
    }

    @Test
    void checksOnlyTheGivenRange() {
        byte[] data = hex("ff 41 c3 a9 42 80");

        assertThat(Utf8Validator.isValid(data, 1, 4)).isTrue();
        assertThat(Utf8Validator.isValid(data, 0, 4)).isFalse();
        assertThat(Utf8Validator.isValid(data, 1, 5)).isFalse();
    }

    @Test
    void resetForgetsAnUnfinishedSequence() {
        Utf8Validator validator = new Utf8Validator();
        validator.feed(hex("e2 82"), 0, 2);

        validator.reset();

        assertThat(validator.isComplete()).isTrue();
        assertThat(validator.feed(hex("41"), 0, 1)).isTrue();
    }

    @Test
    void agreesWithJavaNioOnARandomCorpus() {
        Random random = new Random(6455);
        for (int round = 0; round < 50_000; round++) {
            byte[] data = randomCandidate(random);
            boolean expected = javaAccepts(data);

            assertThat(Utf8Validator.isValid(data, 0, data.length))
                    .as("whole: %s", HexFormat.ofDelimiter(" ").formatHex(data)).isEqualTo(expected);
            int split = random.nextInt(data.length + 1);
            assertThat(validSplitAt(data, split))
                    .as("split at %d: %s", split, HexFormat.ofDelimiter(" ").formatHex(data)).isEqualTo(expected);
        }
    }

    /**
     * Byte strings near the edge of validity: mostly well-formed characters (from every length and
     * the boundary code points), with some bytes replaced, dropped or drawn from the bytes that
     * decide validity (lead bytes, continuation boundaries).
     */
    private static byte[] randomCandidate(Random random) {
        int[] edgeBytes = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFE, 0xFF};
        int[] edgeCodePoints = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
        StringBuilder text = new StringBuilder();
        int characters = random.nextInt(12);
        for (int i = 0; i < characters; i++) {
            int codePoint = switch (random.nextInt(6)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 2 -> 0x800 + random.nextInt(0xD800 - 0x800);
                case 3 -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                case 4 -> edgeCodePoints[random.nextInt(edgeCodePoints.length)];
                default -> ' ' + random.nextInt(0x5F); // printable ASCII
            };
            if (random.nextInt(4) == 0) {
                text.append("0123456789".substring(random.nextInt(10))); // ASCII runs for the fast path
            }
            text.appendCodePoint(codePoint);
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        int damage = random.nextInt(3);
        for (int i = 0; i < damage && data.length > 0; i++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(3)) {
                case 0 -> data[at] = (byte) edgeBytes[random.nextInt(edgeBytes.length)];
                case 1 -> data[at] = (byte) random.nextInt(256);
                default -> data = Arrays.copyOf(data, at); // cut short, maybe mid-character
            }
        }
        return data;
    }

    @Test
    void randomCorpusCoversBothOutcomes() {
        // Guards the corpus above: it must hold plenty of valid and of invalid strings.
        Random random = new Random(6455);
        int valid = 0;
        for (int round = 0; round < 50_000; round++) {
            if (javaAccepts(randomCandidate(random))) {
                valid++;
            }
        }
        assertThat(valid).isBetween(10_000, 40_000);
    }
}
