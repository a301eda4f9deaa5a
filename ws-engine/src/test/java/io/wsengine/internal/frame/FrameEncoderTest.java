package io.wsengine.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Server frames (RFC 6455 section 5.2): final, unmasked, minimal length encoding. */
class FrameEncoderTest {

    private static byte[] bytesOf(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        return ClientFrames.bytes(values);
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of(0, bytes(0x82, 0)),
                Arguments.of(125, bytes(0x82, 125)),
                Arguments.of(126, bytes(0x82, 126, 0x00, 0x7E)),
                Arguments.of(65535, bytes(0x82, 126, 0xFF, 0xFF)),
                Arguments.of(65536, bytes(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0)));
    }

    // RFC 6455 section 5.2: payload length in 7 bits, 7+16 bits or 7+64 bits, minimal form.
    @ParameterizedTest
    @MethodSource("headers")
    void encodesMinimalLengthHeader(int length, byte[] expectedHeader) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 0x5A);

        byte[] frame = bytesOf(FrameEncoder.binary(ByteBuffer.wrap(payload)));

        assertThat(Arrays.copyOf(frame, expectedHeader.length)).isEqualTo(expectedHeader);
        assertThat(Arrays.copyOfRange(frame, expectedHeader.length, frame.length)).isEqualTo(payload);
        assertThat(FrameEncoder.headerLength(length)).isEqualTo(expectedHeader.length);
    }

    @ParameterizedTest
    @MethodSource("headers")
    void writesHeaderIntoATargetBuffer(int length, byte[] expectedHeader) {
        ByteBuffer target = ByteBuffer.allocate(16);

        FrameEncoder.writeHeader(target, Opcode.BINARY, length);

        assertThat(Arrays.copyOf(target.array(), target.position())).isEqualTo(expectedHeader);
    }

    @Test
    void encodesTextAsUtf8() {
        assertThat(bytesOf(FrameEncoder.text("hé"))).containsExactly(0x81, 3, 'h', 0xC3, 0xA9);
    }

    @Test
    void leavesTheCallersPayloadBufferPositionAlone() {
        ByteBuffer small = ByteBuffer.wrap(new byte[10]);
        ByteBuffer large = ByteBuffer.wrap(new byte[20_000]);

        FrameEncoder.binary(small);
        FrameEncoder.binary(large);

        assertThat(small.position()).isZero();
        assertThat(large.position()).isZero();
    }

    @Test
    void encodesPingWithPayload() {
        assertThat(bytesOf(FrameEncoder.control(Opcode.PING, bytes('h', 'i')))).containsExactly(0x89, 2, 'h', 'i');
    }

    // RFC 6455 section 5.5.1: code in network byte order, then the UTF-8 reason.
    @Test
    void encodesCloseFrameWithCodeAndReason() {
        ByteBuffer frame = FrameEncoder.close(CloseStatus.NORMAL.withReason("bye"));

        assertThat(bytesOf(frame)).containsExactly(0x88, 5, 0x03, 0xE8, 'b', 'y', 'e');
    }

    @Test
    void encodesCloseFrameWithCodeOnly() {
        assertThat(bytesOf(FrameEncoder.close(CloseStatus.of(4999)))).containsExactly(0x88, 2, 0x13, 0x87);
    }

    // RFC 6455 section 7.4.1: 1005 means "no status code"; it is sent as a close frame with no body.
    @Test
    void encodesNoStatusReceivedAsAnEmptyCloseFrame() {
        assertThat(bytesOf(FrameEncoder.close(CloseStatus.NO_STATUS_RECEIVED))).containsExactly(0x88, 0);
    }

    @Test
    void encodesCloseReasonOf123Bytes() {
        String reason = "r".repeat(CloseStatus.MAX_REASON_BYTES);

        assertThat(bytesOf(FrameEncoder.close(CloseStatus.NORMAL.withReason(reason)))).hasSize(2 + 125);
    }

    // RFC 6455 section 5.5: control frame payloads are at most 125 bytes.
    @ParameterizedTest
    @ValueSource(ints = {Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    void rejectsControlPayloadOver125Bytes(int opcode) {
        assertThatThrownBy(() -> FrameEncoder.control(opcode, new byte[126]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCloseReasonThatDoesNotFitAControlFrame() {
        CloseStatus status = CloseStatus.NORMAL.withReason("é".repeat(62)); // 124 bytes

        assertThatThrownBy(() -> FrameEncoder.close(status)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsControlPayloadOfExactly125Bytes() {
        assertThat(bytesOf(FrameEncoder.control(Opcode.PONG, new byte[125]))).hasSize(127).startsWith(0x8A, 125);
    }

    @Test
    void neverMasksNorFragmentsServerFrames() {
        byte[] frame = bytesOf(FrameEncoder.text("x".repeat(70_000)));

        assertThat(frame[0] & 0x80).as("FIN").isEqualTo(0x80);
        assertThat(frame[0] & 0x70).as("RSV").isZero();
        assertThat(frame[1] & 0x80).as("MASK").isZero();
        assertThat(new String(frame, 10, frame.length - 10, StandardCharsets.UTF_8)).isEqualTo("x".repeat(70_000));
    }
}
