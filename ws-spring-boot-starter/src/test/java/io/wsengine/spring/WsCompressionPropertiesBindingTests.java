package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CompressionConfig;
import io.wsengine.CompressionConfig.ContextTakeover;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every {@code ws.server.compression.*} property binds, reaches the engine, and a bad value fails start-up naming it. */
class WsCompressionPropertiesBindingTests {

    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    /** Its messages put secrets beside what others write: never compressed. */
    @WsEndpoint(path = "/secrets", compression = false)
    static class SecretsEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    private final ApplicationContextRunner runner = runner().withBean(EchoEndpoint.class)
            .withBean(SecretsEndpoint.class);

    @Test
    void everyPropertyReachesTheRunningServer() {
        runner.withPropertyValues("ws.server.compression.enabled=true", "ws.server.compression.min-message-size=1KB",
                "ws.server.compression.level=9", "ws.server.compression.context-takeover=none").run(context -> {
                    assertThat(context).hasNotFailed();
                    CompressionConfig config = context.getBean(WsServerLifecycle.class).server().config().compression();
                    assertThat(config.enabled()).isTrue();
                    assertThat(config.minMessageSize()).isEqualTo(1024);
                    assertThat(config.level()).isEqualTo(9);
                    assertThat(config.contextTakeover()).isEqualTo(ContextTakeover.NONE);
                    assertThat(handshakeHead(context.getBean(WsServerLifecycle.class).port())).contains(
                            "\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                                    + " client_no_context_takeover\r\n");
                });
    }

    @Test
    void unsetPropertiesKeepTheirDefaultsCompressionOnWithoutContextTakeover() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            CompressionConfig config = context.getBean(WsServerLifecycle.class).server().config().compression();
            assertThat(config.enabled()).isTrue();
            assertThat(config.minMessageSize()).isEqualTo(256);
            assertThat(config.level()).isEqualTo(6);
            assertThat(config.contextTakeover()).isEqualTo(ContextTakeover.NONE);
            assertThat(handshakeHead(context.getBean(WsServerLifecycle.class).port())).contains(
                    "\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                            + " client_no_context_takeover\r\n");
        });
    }

    @Test
    void compressionCanBeSwitchedOff() {
        runner.withPropertyValues("ws.server.compression.enabled=false").run(context ->
                assertThat(handshakeHead(context.getBean(WsServerLifecycle.class).port()))
                        .startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("Sec-WebSocket-Extensions"));
    }

    @Test
    void anEndpointThatOptsOutIsNeverCompressed() {
        runner.run(context -> {
            int port = context.getBean(WsServerLifecycle.class).port();
            assertThat(handshakeHead(port, "/echo")).contains("\r\nSec-WebSocket-Extensions: permessage-deflate");
            assertThat(handshakeHead(port, "/secrets")).startsWith("HTTP/1.1 101 ")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        });
    }

    @Test
    void aCustomizerHasTheLastWord() {
        runner.withPropertyValues("ws.server.compression.enabled=true")
                .withBean(WsServerConfigCustomizer.class, () -> builder -> builder.compression(CompressionConfig.DISABLED))
                .run(context -> assertThat(context.getBean(WsServerLifecycle.class).server().config().compression()
                        .enabled()).isFalse());
    }

    /** The 101's head for Chromium's offer. */
    private static String handshakeHead(int port) throws IOException {
        return handshakeHead(port, "/echo");
    }

    private static String handshakeHead(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WsContextTestSupport.TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // --- invalid values fail start-up, naming the property

    private void assertStartupFailsNaming(String property, String reason, String value) {
        WsContextTestSupport.assertStartupFailsNaming(runner, property, reason, value);
    }


    @Test
    void rejectsALevelBelow1() {
        assertStartupFailsNaming("ws.server.compression.level", "must be 1 to 9, not 0", "ws.server.compression.level=0");
    }

    @Test
    void rejectsALevelAbove9() {
        assertStartupFailsNaming("ws.server.compression.level", "must be 1 to 9, not 10", "ws.server.compression.level=10");
    }

    @Test
    void rejectsANegativeMinMessageSize() {
        assertStartupFailsNaming("ws.server.compression.min-message-size", "min-message-size must be 0B to",
                "ws.server.compression.min-message-size=-1B");
    }

    @Test
    void rejectsAMinMessageSizeBeyondAnInt() {
        assertStartupFailsNaming("ws.server.compression.min-message-size", "min-message-size must be 0B to",
                "ws.server.compression.min-message-size=3GB");
    }

    @Test
    void rejectsAnUnknownContextTakeoverPolicy() {
        assertStartupFailsNaming("ws.server.compression.context-takeover", "ContextTakeover",
                "ws.server.compression.context-takeover=sometimes");
    }
}
