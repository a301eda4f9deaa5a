package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.SeededRandom;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that never speak TLS properly: one that stalls inside its handshake, one that speaks plain
 * HTTP to the TLS port, one that sends noise. Each is closed, in time, and none is ever answered
 * with a WebSocket upgrade.
 */
class TlsHostileClientsTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    /** The timer ticks about every 100 ms; the rest is room for a loaded machine. */
    private static final Duration LATE = Duration.ofMillis(2_500);
    /** A close that is not the handshake timeout's must come well before it. */
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start(UnaryOperator<WsServerConfig.Builder> config) {
        return servers.start(config.apply(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/echo", handler)));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000); // far past every bound below: a hang fails as a timeout, not forever
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Reads until the server closes (a reset counts); returns what came before the end. */
    private static byte[] readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[4096];
        try {
            int count;
            while ((count = in.read(chunk)) >= 0) {
                received.write(chunk, 0, count);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within the read timeout", e);
        } catch (IOException e) {
            // reset: closed
        }
        return received.toByteArray();
    }

    /** Nothing, or TLS alert records (content type 21): never a plain-text answer. */
    private static void assertNoAnswerButAlerts(byte[] received) {
        assertThat(new String(received, StandardCharsets.ISO_8859_1)).doesNotContain("101").doesNotContain("HTTP/");
        for (int at = 0; at < received.length; ) {
            assertThat(received[at]).as("content type of the record at %d of %s", at, Arrays.toString(received))
                    .isEqualTo((byte) 21);
            if (at + 5 > received.length) {
                break;
            }
            at += 5 + (((received[at + 3] & 0xFF) << 8) | (received[at + 4] & 0xFF));
        }
    }

    // DESIGN: "handshake not complete within the timeout: close the socket"; over TLS the timeout
    // covers the TLS handshake as well as the upgrade request.
    @ParameterizedTest(name = "{0} bytes of the ClientHello")
    @ValueSource(strings = {"none", "half"})
    void closesATlsHandshakeThatNeverCompletesAtTheHandshakeTimeout(String sent) throws IOException {
        WsServer server = start(config -> config.handshakeTimeout(HANDSHAKE_TIMEOUT));
        byte[] hello = EngineClient.clientHello(TestCertificates.clientContext());
        try (Socket socket = connect(server.port())) {
            long start = System.nanoTime();
            if (sent.equals("half")) {
                socket.getOutputStream().write(hello, 0, hello.length / 2);
            }
            byte[] received = readUntilClosed(socket);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).as("time to the close").isBetween(HANDSHAKE_TIMEOUT.minusMillis(100),
                    HANDSHAKE_TIMEOUT.plus(LATE));
            assertNoAnswerButAlerts(received);
        }
        assertThat(handler.openedIds()).isEmpty();
    }

    // WsServerConfig.Builder.tls: "a plain request to it is closed without an answer", and at once:
    // what is not a TLS record cannot become one.
    @Test
    void closesAPlainUpgradeRequestToTheTlsPortPromptlyWithoutAnswer() throws IOException {
        WsServer server = start(config -> config.handshakeTimeout(Duration.ofSeconds(30)));
        try (Socket socket = connect(server.port())) {
            long start = System.nanoTime();
            socket.getOutputStream().write(RawWsClient.upgradeRequest("/echo", server.port())
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] received = readUntilClosed(socket);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to the close").isLessThan(PROMPT);
            assertNoAnswerButAlerts(received);
        }
        assertThat(handler.openedIds()).isEmpty();
    }

    /** Noise of three shapes: no record at all; a whole handshake record of noise; a record longer than TLS allows. */
    private static byte[] noise(String shape, SeededRandom random) {
        byte[] bytes = random.bytes(1024);
        switch (shape) {
            case "random" -> bytes[0] = (byte) (0x40 + random.nextInt(0x40)); // no TLS content type (20-24)
            case "record" -> {
                bytes[0] = 22;
                bytes[1] = 3;
                bytes[2] = 3;
                bytes[3] = (byte) ((bytes.length - 5) >>> 8);
                bytes[4] = (byte) (bytes.length - 5);
                bytes[5] = (byte) (20 + random.nextInt(200)); // no ClientHello (1)
            }
            case "oversized" -> {
                bytes[0] = 22;
                bytes[1] = 3;
                bytes[2] = 3;
                bytes[3] = (byte) 0xFF; // 65535 bytes: more than a TLS record may have (RFC 8446 section 5.1)
                bytes[4] = (byte) 0xFF;
            }
            default -> throw new IllegalArgumentException(shape);
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random", "record", "oversized"})
    void closesNoiseOnTheTlsPortPromptly(String shape) throws IOException {
        SeededRandom random = SeededRandom.create();
        WsServer server = start(config -> config.handshakeTimeout(Duration.ofSeconds(30)));
        try (Socket socket = connect(server.port())) {
            long start = System.nanoTime();
            try {
                socket.getOutputStream().write(noise(shape, random));
            } catch (IOException e) {
                // the server may close before it has taken every byte: that is the closing under test
            }
            byte[] received = readUntilClosed(socket);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to the close, %s", random)
                    .isLessThan(PROMPT);
            assertNoAnswerButAlerts(received);
        }
        assertThat(handler.openedIds()).isEmpty();
    }
}
