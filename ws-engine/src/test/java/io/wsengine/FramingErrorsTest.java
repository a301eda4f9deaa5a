package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames that break RFC 6455 after a good handshake: the server fails the connection with the listed
 * close code (section 7.1.7) and then closes TCP.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class FramingErrorsTest extends RawServerTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // RFC 6455 section 5.1: "a server MUST close the connection upon receiving a frame that is not masked"
    @Test
    void rejectsUnmaskedClientFrame() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, 0, TEXT, false, ascii("hello")));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.2: RSV1-3 MUST be 0 unless an extension defines them; none is negotiated
    @ParameterizedTest(name = "rsv bits {0}")
    @ValueSource(ints = {0b100, 0b010, 0b001, 0b111})
    void rejectsReservedBits(int rsv) throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, rsv, TEXT, true, ascii("hello")));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.2: opcodes 3-7 and 0xB-0xF are reserved
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void rejectsReservedOpcode(int opcode) throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, opcode, ascii("x")));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.4: a continuation frame continues a started fragmented message
    @Test
    void rejectsContinuationWithoutStart() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, CONTINUATION, ascii("orphan"));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.4: fragments of one message may not be interleaved with another data message
    @Test
    void rejectsNewTextFrameInsideFragmentedMessage() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(false, TEXT, ascii("first part"));
            client.sendFrame(true, TEXT, ascii("a new message"));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.5: "Control frames themselves MUST NOT be fragmented"
    @Test
    void rejectsFragmentedPing() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(false, PING, ascii("ping"));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.5: "All control frames MUST have a payload length of 125 bytes or less"
    @Test
    void rejectsPingWith126BytePayload() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, PING, new byte[126]);
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.5.1: a close body, if any, starts with a 2-byte code
    @Test
    void rejectsCloseWithOneBytePayload() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, CLOSE, bytes(0x03));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 7.4: codes below 1000, 1004-1006, 1015, unassigned 1016-2999 and above 4999 are invalid
    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void rejectsInvalidCloseCode(int code) throws IOException {
        try (RawWsClient client = open()) {
            client.sendClose(code, "");
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 5.2: the most significant bit of a 64-bit length MUST be 0
    @Test
    void rejectsPayloadLengthWithHighBitSet() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frameHeader(true, BINARY, Long.MIN_VALUE + 5));
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 8.1: invalid UTF-8 in a text message fails the connection with 1007
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ff",            // never valid
        "c328",          // lead byte without its continuation
        "c0af",          // overlong '/'
        "eda080",        // UTF-16 surrogate
        "f4908080",      // above U+10FFFF
        "48656c6c6fe282", // message ends inside a sequence
    })
    void rejectsInvalidUtf8InText(String hex) throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, TEXT, hex(hex));
            assertClosedWith(client, 1007);
        }
    }

    // RFC 6455 section 8.1 and DESIGN: UTF-8 is checked as bytes arrive, so a bad fragment fails at once
    @Test
    void rejectsInvalidUtf8InNonFinalFragmentBeforeMessageEnds() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(false, TEXT, bytes('o', 'k', 0xFF)); // the final fragment never comes
            assertClosedWith(client, 1007);
        }
    }

    @Test
    void rejectsInvalidUtf8BeforeFrameEnds() throws IOException {
        try (RawWsClient client = open()) {
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            partial.writeBytes(RawWsClient.frameHeader(true, TEXT, 1000)); // all-zero mask: payload as is
            partial.writeBytes(bytes('o', 'k', 0xFF));                     // 3 of the 1000 bytes
            client.sendRaw(partial.toByteArray());
            assertClosedWith(client, 1007);
        }
    }

    @Test
    void rejectsInvalidUtf8SequenceSplitAcrossReads() throws IOException {
        try (RawWsClient client = open()) {
            client.trickle(RawWsClient.frame(true, TEXT, bytes('a', 0xE2, 0x82, 0x28))); // 0x28 cannot continue
            assertClosedWith(client, 1007);
        }
    }

    // RFC 6455 section 5.5.1: the close reason is UTF-8; section 8.1
    @Test
    void rejectsInvalidUtf8InCloseReason() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, CLOSE, bytes(0x03, 0xE8, 'b', 0xFF, 'e'));
            assertClosedWith(client, 1007);
        }
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    // RFC 6455 section 7.1.7: the server drops what follows the error, but reads it until the peer
    // closes, so that no reset destroys its close frame while the peer is still sending
    @Test
    void closeFrameReachesAPeerStillSendingAfterItsProtocolError() throws IOException {
        try (RawWsClient client = open()) {
            ByteArrayOutputStream write = new ByteArrayOutputStream();
            write.writeBytes(RawWsClient.frame(true, 0, TEXT, false, ascii("unmasked")));
            write.writeBytes(new byte[8 * 1024 * 1024]); // more than the socket buffers hold
            client.sendRaw(write.toByteArray());
            assertClosedWith(client, 1002);
        }
    }

    // RFC 6455 section 7.1.7: after failing the connection the server "MUST NOT continue to attempt to
    // process data (including a responding Close frame) from the remote endpoint"
    @Test
    void ignoresFramesAfterProtocolError() throws IOException {
        try (RawWsClient client = open()) {
            ByteArrayOutputStream write = new ByteArrayOutputStream();
            write.writeBytes(RawWsClient.frame(true, 0, TEXT, false, ascii("unmasked")));
            write.writeBytes(RawWsClient.text("must not be echoed"));
            client.sendRaw(write.toByteArray());
            RawWsClient.Frame first = client.readFrame();
            assertThat(first.opcode()).as("first frame after the error").isEqualTo(CLOSE);
            assertThat(first.closeCode()).isEqualTo(1002);
            assertThat(client.readUntilClosed()).isEmpty();
        }
    }
}
