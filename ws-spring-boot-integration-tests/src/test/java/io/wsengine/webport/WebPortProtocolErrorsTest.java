package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RawWsClient.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bad handshakes and bad frames on the web server's port (Tomcat, {@code serve-on=web-port}): the
 * engine answers them as on its own port (RFC 6455 sections 4.2.1, 5 and 7.1.7). A request too
 * malformed for the container to parse (a broken request line, say) is answered by Tomcat itself,
 * before the engine sees it.
 */
@SpringBootTest(classes = {WebPortApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ws.server.serve-on=web-port", "ws.server.max-message-size=64KB"})
class WebPortProtocolErrorsTest {
    private static final int TEXT = 0x1;
    private static final int PING = 0x9;

    @LocalServerPort
    int webPort;

    private String response(String request) throws IOException {
        try (RawWsClient client = RawWsClient.connect(webPort)) {
            client.setReadTimeout(10_000);
            client.sendRaw(request);
            return client.readResponseHead();
        }
    }

    private static String upgrade(String path, int port, String extra) {
        return RawWsClient.upgradeRequest(path, port, extra);
    }

    private static void assertClosedWith(RawWsClient client, int code) throws IOException {
        Frame close = client.readClose();
        assertThat(close.closeCode()).as("close code (reason: %s)", close.closeReason()).isEqualTo(code);
        assertThat(client.awaitEndOfStream()).as("the server closed the socket").isTrue();
    }

    private RawWsClient open() throws IOException {
        RawWsClient client = RawWsClient.open(webPort, "/echo");
        client.setReadTimeout(10_000);
        return client;
    }

    // ---- handshakes (section 4.2.1)

    @Test
    void unsupportedVersionGets426NamingVersion13() throws IOException {
        String head = response(upgrade("/echo", webPort, "").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));

        assertThat(head).startsWith("HTTP/1.1 426 ").containsIgnoringCase("Sec-WebSocket-Version: 13\r\n");
    }

    @Test
    void missingKeyGets400() throws IOException {
        String head = response(upgrade("/echo", webPort, "").replace("Sec-WebSocket-Key: " + RawWsClient.KEY + "\r\n", ""));

        assertThat(head).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void invalidKeyGets400() throws IOException {
        String head = response(upgrade("/echo", webPort, "").replace(RawWsClient.KEY, "not-base64-of-16-bytes"));

        assertThat(head).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void upgradeThatIsNotAGetGets400() throws IOException {
        String head = response(upgrade("/echo", webPort, "Content-Length: 0\r\n").replaceFirst("GET ", "POST "));

        assertThat(head).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void upgradeOverHttp10Gets400() throws IOException {
        String head = response(upgrade("/echo", webPort, "").replaceFirst("HTTP/1.1", "HTTP/1.0"));

        assertThat(head).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void foreignOriginGets403() throws IOException {
        String head = response(upgrade("/echo", webPort, "Origin: https://elsewhere.example\r\n"));

        assertThat(head).startsWith("HTTP/1.1 403 ");
    }

    @Test
    void validUpgradeGets101WithTheAcceptKeyOfSection4() throws IOException {
        String head = response(upgrade("/echo", webPort, ""));

        assertThat(head).startsWith("HTTP/1.1 101 ")
                .containsIgnoringCase("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .containsIgnoringCase("Upgrade: websocket\r\n");
    }

    @Test
    void malformedRequestLineIsAnsweredByTheContainer() throws IOException {
        String head = response("GET /echo HTTP/1.1 extra\r\nHost: x\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 400 ");
    }

    // ---- frames (sections 5 and 7.1.7)

    @Test
    void unmaskedClientFrameCloses1002() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, 0, TEXT, false, "hello".getBytes(StandardCharsets.US_ASCII)));
            assertClosedWith(client, 1002);
        }
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0xB})
    void reservedOpcodeCloses1002(int opcode) throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, opcode, new byte[] {'x'}));
            assertClosedWith(client, 1002);
        }
    }

    @Test
    void fragmentedPingCloses1002() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(false, PING, new byte[] {'x'}));
            assertClosedWith(client, 1002);
        }
    }

    @Test
    void invalidUtf8Closes1007() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frame(true, TEXT, new byte[] {(byte) 0xC3, (byte) 0x28}));
            assertClosedWith(client, 1007);
        }
    }

    @Test
    void messageOverTheLimitCloses1009() throws IOException {
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frameHeader(true, TEXT, 65 * 1024));
            assertClosedWith(client, 1009);
        }
    }

    @AfterEach
    void aFreshClientIsStillServed() throws IOException {
        try (RawWsClient fresh = open()) {
            fresh.sendText("still serving");
            assertThat(fresh.readFrame().text()).isEqualTo("still serving");
        }
    }
}
