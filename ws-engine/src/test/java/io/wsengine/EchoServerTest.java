package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.Payloads;
import io.wsengine.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command-line echo server: its options, and that what it runs echoes. */
class EchoServerTest {
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    // ---- options

    @Test
    void defaultsToPort9001AndSixtyFourMebibyteMessages() {
        WsServerConfig config = EchoServer.parse(new String[0]);

        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.maxMessageSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.routes()).singleElement().satisfies(route -> {
            assertThat(route.path()).isEqualTo("/**");
            assertThat(route.handler()).isInstanceOf(EchoServer.EchoHandler.class);
        });
    }

    @Test
    void portOptionSetsThePort() {
        assertThat(EchoServer.parse(new String[] {"--port", "8123"}).port()).isEqualTo(8123);
    }

    @Test
    void maxMessageSizeOptionSetsTheLimit() {
        WsServerConfig config = EchoServer.parse(new String[] {"--max-message-size", "2048"});

        assertThat(config.maxMessageSize()).isEqualTo(2048);
        assertThat(config.maxFrameSize()).isEqualTo(2048);
    }

    @Test
    void hostAndEventLoopOptionsAreApplied() {
        WsServerConfig config = EchoServer.parse(new String[] {"--host", "127.0.0.1", "--event-loops", "3"});

        assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.eventLoops()).isEqualTo(3);
    }

    @Test
    void optionsMayComeInAnyOrder() {
        WsServerConfig config = EchoServer.parse(new String[] {"--max-message-size", "4096", "--port", "0"});

        assertThat(config.port()).isZero();
        assertThat(config.maxMessageSize()).isEqualTo(4096);
    }

    @Test
    void unknownOptionIsRejectedByName() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--verbose", "yes"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --verbose");
    }

    @Test
    void optionWithoutValueIsRejectedByName() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing value after --port");
    }

    @Test
    void nonNumericPortIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port", "http"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port")
                .hasMessageContaining("http");
    }

    @Test
    void portOutOfRangeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port", "70000"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
    }

    @Test
    void nonNumericMaxMessageSizeIsRejectedNamingTheOption() {
        // main prints only the message: "For input string" alone would not say which option is wrong
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--max-message-size", "1MB"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-message-size")
                .hasMessageContaining("1MB");
    }

    @Test
    void zeroMaxMessageSizeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--max-message-size", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageSize");
    }

    @Test
    void zeroEventLoopsIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--event-loops", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventLoops");
    }

    // ---- what main runs

    @Test
    void parsedServerEchoesTextAndBinaryOnAnyPath() {
        WsServer server = servers.start(EchoServer.parse(new String[] {"--host", "127.0.0.1", "--port", "0"}));
        String text = Payloads.text(70_000);
        byte[] data = Payloads.binary(70_000);

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/any/path?at=all")) {
            client.sendText(text).sendBinary(data);

            assertThat(client.awaitText()).isEqualTo(text);
            assertThat(client.awaitBinary()).isEqualTo(data);
        }
    }

    @Test
    void parsedServerEchoesAMessageOverTheEngineDefaultLimit() {
        WsServer server = servers.start(EchoServer.parse(new String[] {"--host", "127.0.0.1", "--port", "0"}));
        byte[] data = Payloads.binary(3 * 1024 * 1024); // conformance suites send up to 16 MiB

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/")) {
            client.sendBinary(data);

            assertThat(client.awaitBinary()).isEqualTo(data);
        }
    }

    @Test
    void echoHandlerEchoesInAServerOfOnesOwn() {
        WsServer server = servers.start(TestServers.local().route("/echo", new EchoServer.EchoHandler()));

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/echo")) {
            client.sendText("ünïcödé 😀").sendBinary(new byte[] {0, 1, 2, (byte) 255});

            assertThat(client.awaitText()).isEqualTo("ünïcödé 😀");
            assertThat(client.awaitBinary()).containsExactly(0, 1, 2, 255);
        }
    }
}
