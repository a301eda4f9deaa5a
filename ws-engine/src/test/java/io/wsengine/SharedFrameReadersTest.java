package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.Payloads;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A loop lends its frame readers to connections only while they are in the middle of a frame or a
 * message. With one loop, the connections here take turns on the same readers: each must still get
 * its own bytes, fragments and limits.
 */
class SharedFrameReadersTest {
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;

    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private int startOneLoop() {
        RecordingHandler echo = RecordingHandler.echoing();
        return servers.start(TestServers.local().eventLoops(1)
                .route("/echo", echo)
                .route(WsRoute.builder("/small", echo).maxMessageSize(100).build())).port();
    }

    @Test
    void framesCutMidwayOnTwoConnectionsReachTheirOwnSessions() throws Exception {
        int port = startOneLoop();
        try (RawWsClient first = RawWsClient.open(port, "/echo");
                RawWsClient second = RawWsClient.open(port, "/echo")) {
            String firstText = "first:" + Payloads.text(500);
            String secondText = "second:" + Payloads.text(700);
            byte[] firstFrame = RawWsClient.text(firstText);
            byte[] secondFrame = RawWsClient.text(secondText);

            first.sendRaw(Arrays.copyOfRange(firstFrame, 0, 200));
            second.sendRaw(Arrays.copyOfRange(secondFrame, 0, 3)); // inside the header
            first.sendRaw(Arrays.copyOfRange(firstFrame, 200, firstFrame.length));
            second.sendRaw(Arrays.copyOfRange(secondFrame, 3, secondFrame.length));

            assertThat(first.readFrame().text()).isEqualTo(firstText);
            assertThat(second.readFrame().text()).isEqualTo(secondText);
        }
    }

    @Test
    void aFragmentedMessageSurvivesWholeMessagesOfAnotherConnectionInBetween() throws Exception {
        int port = startOneLoop();
        try (RawWsClient fragmented = RawWsClient.open(port, "/echo");
                RawWsClient whole = RawWsClient.open(port, "/echo")) {
            fragmented.sendFrame(false, TEXT, "Hällo, ".getBytes(StandardCharsets.UTF_8));
            whole.sendText("one");
            assertThat(whole.readFrame().text()).isEqualTo("one");
            fragmented.sendFrame(false, CONTINUATION, new byte[] {(byte) 0xE4}); // half of a UTF-8 sequence
            whole.sendText("two");
            assertThat(whole.readFrame().text()).isEqualTo("two");
            fragmented.sendFrame(true, CONTINUATION, new byte[] {(byte) 0xB8, (byte) 0x96, 'd'});

            assertThat(fragmented.readFrame().text()).isEqualTo("Hällo, 世d");
        }
    }

    @Test
    void eachConnectionKeepsTheMessageLimitOfItsRoute() throws Exception {
        int port = startOneLoop();
        try (RawWsClient big = RawWsClient.open(port, "/echo");
                RawWsClient small = RawWsClient.open(port, "/small")) {
            String longText = Payloads.text(1000);

            big.sendText(longText);
            assertThat(big.readFrame().text()).isEqualTo(longText);
            small.sendText(longText);
            assertThat(small.readClose().closeCode()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG.code());
            big.sendText(longText);
            assertThat(big.readFrame().text()).isEqualTo(longText);
        }
    }
}
