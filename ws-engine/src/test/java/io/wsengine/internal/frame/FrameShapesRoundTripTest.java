package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.concat;
import static io.wsengine.internal.frame.ClientFrames.header;
import static io.wsengine.internal.frame.ProtocolErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.testing.SeededRandom;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every frame shape survives a trip through the wire: each opcode, each payload length at the edges
 * of the 7-, 16- and 64-bit length encodings (RFC 6455 section 5.2), final or not, masked with any key
 * (section 5.3) and read in any pieces, comes out of the parser as the header and payload it went in
 * with; and every frame the server's encoder writes reads back the same once masked.
 */
class FrameShapesRoundTripTest {
    private static final int[] OPCODES = {Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE, Opcode.PING,
            Opcode.PONG};
    private static final int[] LENGTHS = {0, 1, 125, 126, 127, 65535, 65536};

    private final SeededRandom random = SeededRandom.create();

    /** A frame as the parser hands it over: header fields and the unmasked payload. */
    private record Frame(boolean fin, int opcode, long length, String payloadHex) {
    }

    /** Records frames, unmasking the payload with the byte loop of section 5.3 rather than the engine's. */
    private static final class Recorder implements FrameListener {
        final List<Frame> frames = new ArrayList<>();
        private boolean fin;
        private int opcode;
        private long length;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

        @Override
        public void onFrameStart(boolean fin, boolean compressed, int opcode, long payloadLength) {
            this.fin = fin;
            this.opcode = opcode;
            this.length = payloadLength;
            payload.reset();
        }

        @Override
        public void onFramePayload(ByteBuffer source, int length, int maskKey, long payloadOffset) {
            for (int i = 0; i < length; i++) {
                int keyByte = (int) ((payloadOffset + i) % 4);
                payload.write(source.get() ^ (maskKey >>> (24 - 8 * keyByte)));
            }
        }

        @Override
        public void onFrameEnd() {
            frames.add(new Frame(fin, opcode, length, HexFormat.of().formatHex(payload.toByteArray())));
        }
    }

    /** A client frame: the header with the mask bit and {@code key}, then the payload masked with it. */
    private static byte[] maskedFrame(int firstByte, byte[] payload, byte[] key) {
        byte[] header = header(firstByte, payload.length, false);
        header[1] |= (byte) 0x80;
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= key[i % 4];
        }
        return concat(header, key, masked);
    }

    /** Parses in pieces of random sizes, as reads from a socket come. */
    private List<Frame> parseInPieces(byte[] wire) {
        Recorder recorder = new Recorder();
        FrameParser parser = new FrameParser(recorder, Long.MAX_VALUE);
        for (int offset = 0; offset < wire.length; ) {
            int piece = Math.min(wire.length - offset, random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(70_000));
            ByteBuffer source = ByteBuffer.wrap(wire, offset, piece);
            while (source.hasRemaining()) {
                parser.parse(source);
            }
            offset += piece;
        }
        return recorder.frames;
    }

    @Test
    void everyFrameShapeParsesBackToItsHeaderAndPayload() {
        for (int opcode : OPCODES) {
            for (int length : LENGTHS) {
                for (boolean fin : new boolean[] {true, false}) {
                    byte[] payload = random.bytes(length);
                    byte[] wire = maskedFrame((fin ? 0x80 : 0) | opcode, payload, random.bytes(4));
                    String shape = String.format("opcode %d, length %d, fin %b, %s", opcode, length, fin, random);
                    if (Opcode.isControl(opcode) && (!fin || length > 125)) {
                        // Section 5.5: control frames are final and at most 125 bytes; these shapes never parse.
                        assertFailsWith(1002, () -> parseInPieces(wire));
                        continue;
                    }

                    List<Frame> frames = parseInPieces(wire);

                    assertThat(frames).as(shape)
                            .containsExactly(new Frame(fin, opcode, length, HexFormat.of().formatHex(payload)));
                }
            }
        }
    }

    @Test
    void everyLengthEncodingIsTheShortestForItsLength() {
        // Guards the shapes above: they must cover all three encodings, at both edges of each.
        assertThat(header(0x82, 125, false)).hasSize(2);
        assertThat(header(0x82, 126, false)).hasSize(4);
        assertThat(header(0x82, 65535, false)).hasSize(4);
        assertThat(header(0x82, 65536, false)).hasSize(10);
    }

    /** What the server's encoder wrote, masked as a client would send it, so the parser can read it back. */
    private byte[] maskServerFrame(ByteBuffer[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : encoded) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        byte[] frame = out.toByteArray();
        assertThat(frame[0] & 0x70).as("RSV bits").isZero();
        assertThat(frame[1] & 0x80).as("server frames are never masked").isZero();
        int lengthCode = frame[1] & 0x7F;
        int headerLength = lengthCode == 127 ? 10 : lengthCode == 126 ? 4 : 2;
        byte[] payload = java.util.Arrays.copyOfRange(frame, headerLength, frame.length);
        return maskedFrame(frame[0] & 0xFF, payload, random.bytes(4));
    }

    @Test
    void everyServerFrameReadsBackOnceMasked() {
        for (int length : LENGTHS) {
            byte[] data = random.bytes(length);
            String text = io.wsengine.testing.Payloads.text(length);
            String shape = "length " + length + ", " + random;

            assertThat(parseInPieces(maskServerFrame(FrameEncoder.binary(ByteBuffer.wrap(data))))).as(shape)
                    .containsExactly(new Frame(true, Opcode.BINARY, length, HexFormat.of().formatHex(data)));
            assertThat(parseInPieces(maskServerFrame(FrameEncoder.text(text)))).as(shape)
                    .containsExactly(new Frame(true, Opcode.TEXT, length,
                            HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8))));
            if (length <= 125) {
                for (int opcode : new int[] {Opcode.PING, Opcode.PONG, Opcode.CLOSE}) {
                    ByteBuffer frame = FrameEncoder.control(opcode, data);
                    assertThat(parseInPieces(maskServerFrame(new ByteBuffer[] {frame}))).as(shape)
                            .containsExactly(new Frame(true, opcode, length, HexFormat.of().formatHex(data)));
                }
            }
        }
        CloseStatus status = CloseStatus.of(4000 + random.nextInt(1000)).withReason("r".repeat(random.nextInt(124)));
        byte[] closePayload = ClientFrames.closePayload(status.code(), status.reason().getBytes(StandardCharsets.UTF_8));
        assertThat(parseInPieces(maskServerFrame(new ByteBuffer[] {FrameEncoder.close(status)}))).as("%s, %s", status, random)
                .containsExactly(new Frame(true, Opcode.CLOSE, closePayload.length, HexFormat.of().formatHex(closePayload)));
    }
}
