package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.Payloads;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages through a real server and the JDK's client, at the sizes where the frame header changes. */
@ParameterizedClass
@EnumSource(TestTransport.class)
class EchoIntegrationTest {
    private static final int MIB = 1024 * 1024;

    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private int port;
    private JdkWsClient client;

    @BeforeEach
    void start() {
        // the default message limit (1 MiB) is kept: a message of exactly the limit must pass
        port = servers.start(transport.local().route("/echo", handler)).port();
        client = transport.connectJdk(port, "/echo");
    }

    @AfterEach
    void stop() {
        client.close();
        servers.close();
    }

    // RFC 6455 section 5.2: 7-bit lengths up to 125, 16-bit from 126 to 65535, 64-bit beyond.
    @ParameterizedTest(name = "{0} UTF-8 bytes")
    @ValueSource(ints = {0, 125, 126, 65535, 65536, MIB})
    void echoesTextOfEverySizeClassExactly(int size) {
        String text = Payloads.text(size);

        client.sendText(text);

        String echoed = client.awaitText();
        assertThat(echoed.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        assertThat(echoed).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 125, 126, 65535, 65536, MIB})
    void echoesBinaryOfEverySizeClassExactly(int size) {
        byte[] data = Payloads.binary(size);

        client.sendBinary(data);

        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    @Test
    void handlerReceivesTextAsSent() {
        String text = "Grüße, 世界 😀 𝄞";

        client.sendText(text);

        assertThat(handler.awaitMessage()).isEqualTo(text);
    }

    // RFC 6455 section 5.4: a fragmented message reaches the application whole.
    @Test
    void joinsTextFragmentsSentByTheClient() {
        client.sendText("Hällo, ", false)
                .sendText("wörld 😀", false)
                .sendText("", false)
                .sendText(" und 𝄞 " + Payloads.text(70_000), true);

        assertThat(handler.awaitMessage()).isEqualTo("Hällo, wörld 😀 und 𝄞 " + Payloads.text(70_000));
        assertThat(client.awaitText()).isEqualTo("Hällo, wörld 😀 und 𝄞 " + Payloads.text(70_000));
    }

    @Test
    void joinsBinaryFragmentsSentByTheClient() {
        byte[] whole = Payloads.binary(200_000);
        client.sendBinary(Arrays.copyOfRange(whole, 0, 1), false)
                .sendBinary(Arrays.copyOfRange(whole, 1, 70_000), false)
                .sendBinary(new byte[0], false)
                .sendBinary(Arrays.copyOfRange(whole, 70_000, whole.length), true);

        assertThat(client.awaitBinary()).isEqualTo(whole);
    }

    // RFC 6455 section 5.4: control frames may be injected in the middle of a fragmented message.
    @Test
    void answersPingSentBetweenFragmentsAndStillJoinsTheMessage() {
        client.sendText("first half, ", false);
        client.sendPing("between".getBytes(StandardCharsets.UTF_8));

        assertThat(client.awaitPong()).asString(StandardCharsets.UTF_8).isEqualTo("between");
        client.sendText("second half", true);
        assertThat(client.awaitText()).isEqualTo("first half, second half");
    }

    @Test
    void echoesManyMessagesInOrder() {
        for (int i = 0; i < 500; i++) {
            if (i % 2 == 0) {
                client.sendText("message " + i + " ✓");
            } else {
                client.sendBinary(("binary " + i).getBytes(StandardCharsets.UTF_8));
            }
        }

        for (int i = 0; i < 500; i++) {
            if (i % 2 == 0) {
                assertThat(client.awaitText()).isEqualTo("message " + i + " ✓");
            } else {
                assertThat(client.awaitBinary()).asString(StandardCharsets.UTF_8).isEqualTo("binary " + i);
            }
        }
    }
}
