package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RawWsClient.Frame;
import io.wsengine.testing.TestTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ping, pong and close frames, fragments and batching, on a good connection. */
@ParameterizedClass
@EnumSource(TestTransport.class)
class ControlFramesTest extends RawServerTest {
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // RFC 6455 section 5.5.3: "A Pong frame sent in response to a Ping frame must have identical
    // Application data"
    @Test
    void answersPingWithPongOfSamePayload() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, PING, utf8("are you there?"));
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.fin()).isTrue();
            assertThat(pong.masked()).isFalse();
            assertThat(pong.text()).isEqualTo("are you there?");
        }
    }

    @Test
    void answersEmptyPingWithEmptyPong() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, PING, new byte[0]);
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.payload()).isEmpty();
        }
    }

    // RFC 6455 section 5.5.3: "A response to an unsolicited Pong frame is not expected"
    @Test
    void passesUnsolicitedPongToHandlerWithoutReply() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, PONG, utf8("heartbeat"));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.pongs.contains("heartbeat"));
            client.sendText("next");
            Frame next = client.readFrame(); // a reply to the pong would arrive before this echo
            assertThat(next.opcode()).isEqualTo(TEXT);
            assertThat(next.text()).isEqualTo("next");
        }
    }

    // RFC 6455 section 5.4: "Control frames MAY be injected in the middle of a fragmented message"
    @Test
    void acceptsControlFramesInsideFragmentedMessage() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(false, TEXT, utf8("Hel"));
            client.sendFrame(true, PING, utf8("p1"));
            client.sendFrame(false, CONTINUATION, utf8("lo, "));
            client.sendFrame(true, PONG, utf8("unsolicited"));
            client.sendFrame(true, CONTINUATION, utf8("wörld"));
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("p1");
            Frame message = client.readFrame();
            assertThat(message.opcode()).isEqualTo(TEXT);
            assertThat(message.text()).isEqualTo("Hello, wörld");
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.pongs.contains("unsolicited"));
        }
    }

    // RFC 6455 section 5.4: a multi-byte character may be split between fragments
    @Test
    void reassemblesTextWithCharacterSplitAcrossFragments() throws IOException {
        byte[] euro = utf8("€");
        try (RawWsClient client = open()) {
            client.sendFrame(false, TEXT, new byte[] {euro[0]});
            client.sendFrame(false, CONTINUATION, new byte[] {euro[1]});
            client.sendFrame(true, CONTINUATION, new byte[] {euro[2]});
            assertThat(client.readFrame().text()).isEqualTo("€");
        }
    }

    @Test
    void echoesFrameTrickledOneByteAtATime() throws IOException {
        String text = "a frame sent a byte at a time, longer than one mask cycle: ünïcödé";
        try (RawWsClient client = open()) {
            client.trickle(RawWsClient.text(text));
            assertThat(client.readFrame().text()).isEqualTo(text);
        }
    }

    // RFC 6455 section 5.3: unmasking must follow the key across reads of any size
    @Test
    void echoesLargeMessageArrivingInManyReads() throws IOException {
        byte[] payload = new byte[512 * 1024 + 3];
        new Random(42).nextBytes(payload);
        try (RawWsClient client = open()) {
            client.sendFrame(true, 0x2, payload);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(0x2);
            assertThat(echo.payload()).isEqualTo(payload);
        }
    }

    @Test
    void echoesHundredFramesFromOneWriteInOrder() throws IOException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            batch.writeBytes(RawWsClient.text("message " + i));
        }
        try (RawWsClient client = open()) {
            client.sendRaw(batch.toByteArray());
            for (int i = 0; i < 100; i++) {
                Frame echo = client.readFrame();
                assertThat(echo.opcode()).isEqualTo(TEXT);
                assertThat(echo.text()).isEqualTo("message " + i);
            }
        }
    }

    // RFC 6455 section 5.5.1: the endpoint answers a close frame with a close frame, "typically echoing the
    // status code it received"; section 7.1.1: the server then closes the TCP connection first
    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 1012, 3000, 4999})
    void echoesValidCloseCodeThenClosesConnection(int code) throws IOException {
        try (RawWsClient client = open()) {
            client.sendClose(code, "bye");
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(code);
            assertThat(client.readUntilClosed()).as("bytes after the close frame").isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.closes.size() == 1);
        assertThat(handler.closes.values()).extracting(CloseStatus::code).containsExactly(code);
    }

    // RFC 6455 section 5.5.1: a close frame may have no body; section 7.1.5: its status is then 1005
    @Test
    void answersEmptyCloseWithEmptyClose() throws IOException {
        try (RawWsClient client = open()) {
            client.sendFrame(true, CLOSE, new byte[0]);
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(CLOSE);
            assertThat(close.payload()).isEmpty();
            assertThat(client.readUntilClosed()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.closes.size() == 1);
        assertThat(handler.closes.values()).extracting(CloseStatus::code).containsExactly(1005);
    }

    // RFC 6455 section 1.4: after sending a close frame the peer sends no more data; what follows is ignored
    @Test
    void ignoresDataAfterClientClose() throws IOException {
        try (RawWsClient client = open()) {
            ByteArrayOutputStream write = new ByteArrayOutputStream();
            write.writeBytes(RawWsClient.close(1000, ""));
            write.writeBytes(RawWsClient.text("too late"));
            client.sendRaw(write.toByteArray());
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(client.readUntilClosed()).isEmpty();
        }
    }
}
