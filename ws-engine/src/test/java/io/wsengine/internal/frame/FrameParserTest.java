package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.MASK;
import static io.wsengine.internal.frame.ClientFrames.binary;
import static io.wsengine.internal.frame.ClientFrames.bytes;
import static io.wsengine.internal.frame.ClientFrames.concat;
import static io.wsengine.internal.frame.ClientFrames.frame;
import static io.wsengine.internal.frame.ClientFrames.header;
import static io.wsengine.internal.frame.ClientFrames.text;
import static io.wsengine.internal.frame.FramePipeline.hex;
import static io.wsengine.internal.frame.ProtocolErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame header rules of RFC 6455 section 5.2, checked as soon as the header shows them. */
class FrameParserTest {
    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] withoutMaskKey(byte[] maskedHeader) {
        return Arrays.copyOf(maskedHeader, maskedHeader.length - 4);
    }

    // RFC 6455 section 5.2: 7-bit length up to 125, 126 + 16-bit up to 65535, 127 + 64-bit beyond.
    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void parsesBinaryFrameOfEachLengthEncodingWholeOrBytewiseAlike(int length) {
        byte[] payload = randomBytes(length, length);
        byte[] frame = binary(true, payload);

        List<String> whole = new FramePipeline().feed(frame).events;
        List<String> bytewise = new FramePipeline().feedBytewise(frame).events;
        List<String> direct = new FramePipeline().feedDirect(frame).events;

        assertThat(whole).containsExactly("binary:" + hex(payload));
        assertThat(bytewise).isEqualTo(whole);
        assertThat(direct).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void parsesTextFrameOfEachLengthEncodingWholeOrBytewiseAlike(int length) {
        // One-, two- and three-byte characters, so byte-at-a-time feeding splits sequences.
        String message = "aé€".repeat(length / 6) + "a".repeat(length % 6);
        assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(length);
        byte[] frame = text(message);

        assertThat(new FramePipeline().feed(frame).events).containsExactly("text:" + message);
        assertThat(new FramePipeline().feedBytewise(frame).events).containsExactly("text:" + message);
    }

    @Test
    void headerBuilderUsesEachLengthEncoding() {
        // Guards the helper: the lengths above must really exercise 7-, 16- and 64-bit encodings.
        assertThat(header(0x82, 125, false)).containsExactly(0x82, 125);
        assertThat(header(0x82, 126, false)).containsExactly(0x82, 126, 0x00, 0x7E);
        assertThat(header(0x82, 65535, false)).containsExactly(0x82, 126, 0xFF, 0xFF);
        assertThat(header(0x82, 65536, false)).containsExactly(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void parseReturnsAtTheEndOfEachFrameLeavingTheNextInTheBuffer() {
        byte[] first = text("one");
        byte[] second = text("two");
        FramePipeline pipeline = new FramePipeline();
        ByteBuffer source = ByteBuffer.wrap(concat(first, second));

        assertThat(pipeline.parser().parse(source)).isTrue();
        assertThat(source.position()).isEqualTo(first.length);
        assertThat(pipeline.events).containsExactly("text:one");

        assertThat(pipeline.parser().parse(source)).isTrue();
        assertThat(source.hasRemaining()).isFalse();
        assertThat(pipeline.events).containsExactly("text:one", "text:two");
    }

    @Test
    void parseReturnsFalseWhileAFrameIsIncomplete() {
        byte[] frame = text("hello");
        FramePipeline pipeline = new FramePipeline();

        assertThat(pipeline.parser().parse(ByteBuffer.wrap(frame, 0, frame.length - 1))).isFalse();
        assertThat(pipeline.events).isEmpty();
        assertThat(pipeline.parser().parse(ByteBuffer.wrap(frame, frame.length - 1, 1))).isTrue();
        assertThat(pipeline.events).containsExactly("text:hello");
    }

    @Test
    void streamsPayloadWithMaskOffsetsAcrossChunks() {
        // A listener that only records what the parser hands over, chunk by chunk.
        List<Long> offsets = new ArrayList<>();
        FrameListener recorder = new FrameListener() {
            @Override
            public void onFrameStart(boolean fin, boolean compressed, int opcode, long payloadLength) {
                offsets.add(-payloadLength);
            }

            @Override
            public void onFramePayload(ByteBuffer source, int length, int maskKey, long payloadOffset) {
                assertThat(maskKey).isEqualTo(ByteBuffer.wrap(MASK).getInt());
                offsets.add(payloadOffset);
                source.position(source.position() + length);
            }

            @Override
            public void onFrameEnd() {
                offsets.add(Long.MIN_VALUE);
            }
        };
        FrameParser parser = new FrameParser(recorder, Long.MAX_VALUE);
        byte[] frame = binary(true, new byte[10]);
        int headerLength = 6;

        parser.parse(ByteBuffer.wrap(frame, 0, headerLength + 3));
        parser.parse(ByteBuffer.wrap(frame, headerLength + 3, 4));
        parser.parse(ByteBuffer.wrap(frame, headerLength + 7, 3));

        assertThat(offsets).containsExactly(-10L, 0L, 3L, 7L, Long.MIN_VALUE);
    }

    // RFC 6455 section 5.1: a server MUST close the connection upon receiving an unmasked frame.
    @Test
    void rejectsUnmaskedClientFrame() {
        assertFailsWith(1002, () -> new FramePipeline().feed(header(0x81, 5, false)));
    }

    // RFC 6455 section 5.2: RSV1-3 MUST be 0 unless an extension defines them.
    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
    void rejectsReservedBitsWithoutAnExtension(int rsvBits) {
        assertFailsWith(1002, () -> new FramePipeline().feed(bytes(0x80 | rsvBits | Opcode.TEXT)));
    }

    // RFC 6455 section 5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved.
    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void rejectsReservedOpcode(int opcode) {
        assertFailsWith(1002, () -> new FramePipeline().feed(bytes(0x80 | opcode)));
    }

    // RFC 6455 section 5.5: control frames MUST NOT be fragmented.
    @ParameterizedTest
    @ValueSource(ints = {Opcode.CLOSE, Opcode.PING, Opcode.PONG})
    void rejectsFragmentedControlFrame(int opcode) {
        assertFailsWith(1002, () -> new FramePipeline().feed(bytes(opcode)));
    }

    // RFC 6455 section 5.5: control frames MUST have a payload length of 125 bytes or less.
    @ParameterizedTest
    @ValueSource(ints = {126, 65536})
    void rejectsControlFrameOver125Bytes(int length) {
        assertFailsWith(1002, () -> new FramePipeline().feed(header(0x80 | Opcode.PING, length, true)));
    }

    @Test
    void acceptsControlFrameOfExactly125Bytes() {
        byte[] payload = "p".repeat(125).getBytes(StandardCharsets.US_ASCII);

        assertThat(new FramePipeline().feed(frame(true, Opcode.PING, payload)).events)
                .containsExactly("ping:" + "p".repeat(125));
    }

    // RFC 6455 section 5.2: the most significant bit of a 64-bit length MUST be 0.
    @Test
    void rejects64BitLengthWithTheHighBitSet() {
        byte[] header = bytes(0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 0);

        assertFailsWith(1002, () -> new FramePipeline().feed(header));
    }

    // A whole header usually arrives at once and is then read with wide reads: the same rules hold.
    static Stream<Arguments> badHeadersFollowedByMoreBytes() {
        return Stream.of(
                arguments("unmasked", 1002, header(0x81, 5, false)),
                arguments("RSV1 set", 1002, header(0xC1, 5, true)),
                arguments("reserved opcode", 1002, header(0x83, 5, true)),
                arguments("fragmented ping", 1002, header(Opcode.PING, 5, true)),
                arguments("ping of 126 bytes", 1002, header(0x80 | Opcode.PING, 126, true)),
                arguments("64-bit length with the high bit set", 1002,
                        bytes(0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4)),
                arguments("16-bit length over the frame limit", 1009, header(0x82, 1001, true)),
                arguments("64-bit length over the frame limit", 1009, header(0x82, 70_000, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void badHeadersFollowedByMoreBytes(String name, int closeCode, byte[] header) {
        byte[] input = concat(header, new byte[16]);

        assertFailsWith(closeCode, () -> new FramePipeline(1000, Integer.MAX_VALUE).feed(input));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536})
    void readsAWholeHeaderAtOnceOrByteByByteAlike(int length) {
        byte[] payload = randomBytes(length, length);
        byte[] frames = concat(binary(true, payload), binary(true, payload));

        List<String> whole = new FramePipeline().feed(frames).events;

        assertThat(whole).containsExactly("binary:" + hex(payload), "binary:" + hex(payload));
        assertThat(new FramePipeline().feedBytewise(frames).events).isEqualTo(whole);
    }

    // RFC 6455 section 10.4: limit frame size; fail before anything the header declares is allocated.
    @Test
    void rejectsFrameOverTheSizeLimitFromItsHeaderAlone() {
        FramePipeline pipeline = new FramePipeline(1000, Integer.MAX_VALUE);

        // Only the first two header bytes and the 16-bit length: no mask key, no payload yet.
        assertFailsWith(1009, () -> pipeline.feed(withoutMaskKey(header(0x82, 1001, true))));
    }

    @Test
    void rejectsHugeDeclaredFrameFromItsHeaderAlone() {
        FramePipeline pipeline = new FramePipeline(1 << 20, Integer.MAX_VALUE);

        assertFailsWith(1009, () -> pipeline.feed(withoutMaskKey(header(0x82, Long.MAX_VALUE, true))));
    }

    @Test
    void acceptsFrameOfExactlyTheSizeLimit() {
        byte[] payload = randomBytes(1000, 7);

        assertThat(new FramePipeline(1000, Integer.MAX_VALUE).feed(binary(true, payload)).events)
                .containsExactly("binary:" + hex(payload));
    }
}
