package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end of a TLS connection, both ways (TlsConfig: the engine "sends close_notify when it closes a
 * connection, and treats a received close_notify as the end of the peer's input"). A client that
 * sees a close_notify knows it has everything (RFC 8446 section 6.1); one that does not cannot tell
 * the end from a truncation attack. Close timeouts are long here, so that every close that comes in
 * time is the one under test.
 */
class TlsClosureTest {
    private static final SSLContext CLIENT = TestCertificates.clientContext();
    /** Far below the close timeout: the close is the engine's answer, not a timer's. */
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onText(WsSession session, String text) {
            super.onText(session, text);
            if (text.equals("close, please")) {
                session.close(CloseStatus.NORMAL.withReason("as asked"));
            } else {
                session.sendText(text);
            }
        }
    };

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start() {
        return servers.start(TestServers.local()
                .closeTimeout(Duration.ofSeconds(30))
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/ws", handler));
    }

    private static void assertEchoes(EngineClient client, String text) throws IOException {
        client.sendText(text);
        assertThat(client.readFrame().text()).isEqualTo(text);
    }

    // RFC 6455 section 7.1.1: after the close handshake the server closes TCP; over TLS it says so
    // with a close_notify first.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aSessionTheServerClosesEndsWithTheCloseFrameThenACloseNotify(String protocol) throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.open(server.port(), "/ws", CLIENT, protocol)) {
            assertEchoes(client, "before the close");
            client.sendText("close, please");

            RawWsClient.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1000);
            client.send(client.wrap(RawWsClient.close(1000, "")));

            assertThat(client.readToEnd()).as("a close_notify, not a stream cut short").isTrue();
            assertThat(client.socketEnds()).as("TCP closed after the close_notify").isTrue();
        }
        assertThat(handler.awaitClose().status().code()).isEqualTo(1000);
    }

    // A protocol error makes the server fail the connection (section 7.1.7): close frame, then it
    // shuts its output down and lingers; the shutdown is a close_notify too.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aFailedSessionEndsWithTheCloseFrameThenACloseNotify(String protocol) throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.open(server.port(), "/ws", CLIENT, protocol)) {
            client.send(client.wrap(RawWsClient.frame(true, 0, 0x1, false, new byte[] {'x'}))); // unmasked

            RawWsClient.Frame close = client.readFrame();
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(client.readToEnd()).as("a close_notify after the close frame").isTrue();
        }
        assertThat(handler.awaitClose().status().code()).isEqualTo(1002);
    }

    // A close_notify without a close frame ends the client's input: a session whose peer went away
    // without the close handshake ends 1006, as at the end of a plain TCP stream, and at once.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aCloseNotifyFromTheClientEndsTheSessionWith1006AtOnce(String protocol) throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.open(server.port(), "/ws", CLIENT, protocol)) {
            assertEchoes(client, "before the close_notify");
            long start = System.nanoTime();

            client.sendCloseNotify();

            RecordingHandler.Closed closed = handler.awaitClose();
            assertThat(closed.status().code()).isEqualTo(1006);
            assertThat(client.readToEnd()).as("the server's close_notify").isTrue();
            assertThat(client.socketEnds()).as("TCP closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        }
    }

    // The same from the JDK's SSLSocket, whose shutdownOutput sends the close_notify.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void anSslSocketsShutdownOutputEndsTheSessionWith1006AtOnce(String protocol) throws IOException {
        WsServer server = start();
        try (RawWsClient client = RawWsClient.connectTls(server.port(), CLIENT,
                socket -> socket.setEnabledProtocols(new String[] {protocol}))) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", server.port()));
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
            client.sendText("before the shutdown");
            assertThat(client.readFrame().text()).isEqualTo("before the shutdown");
            long start = System.nanoTime();

            ((SSLSocket) client.socket()).shutdownOutput();

            assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
            client.setReadTimeout((int) PROMPT.toMillis());
            assertThat(client.awaitEndOfStream()).as("the server closed the connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        }
    }
}
