package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handshake messages after the handshake. TLS 1.2 renegotiation is refused (TlsConfig: "the
 * connection is closed"): it would run a second, unbounded handshake on the loop, and its
 * certificates would not be those the application was shown. TLS 1.3 has no renegotiation; its
 * post-handshake messages (a KeyUpdate, RFC 8446 section 4.6.3) are part of a working session.
 */
class TlsPostHandshakeTest {
    private static final SSLContext CLIENT = TestCertificates.clientContext();
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start() {
        return servers.start(TestServers.local()
                .maxOutboundBuffer(64 << 20) // room for what a test sends to a client that does not read
                .closeTimeout(Duration.ofSeconds(30))
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/ws", handler));
    }

    private static RawWsClient openSslSocket(int port, String protocol) throws IOException {
        RawWsClient client = RawWsClient.connectTls(port, CLIENT,
                socket -> socket.setEnabledProtocols(new String[] {protocol}));
        client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
        assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        return client;
    }

    private static void assertEchoes(RawWsClient client, String text) throws IOException {
        client.sendText(text);
        assertThat(client.readFrame().text()).isEqualTo(text);
    }

    // The JDK's SSLSocket renegotiates a TLS 1.2 connection when startHandshake is called again: it
    // sends a new ClientHello. The server closes the connection, without hanging either side.
    @Test
    void refusesATls12RenegotiationByClosingTheConnection() throws IOException {
        WsServer server = start();
        try (RawWsClient client = openSslSocket(server.port(), "TLSv1.2")) {
            assertEchoes(client, "before the renegotiation");
            long start = System.nanoTime();

            ((SSLSocket) client.socket()).startHandshake();

            client.setReadTimeout((int) PROMPT.toMillis());
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            try {
                client.sendText("after the renegotiation");
                int b;
                while ((b = client.input().read()) >= 0) {
                    after.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection was still open " + PROMPT + " after the renegotiation", e);
            } catch (IOException e) {
                // an alert, a reset or a handshake the server cut short: closed
            }
            assertThat(after.size()).as("plaintext bytes received after the renegotiation").isZero();
            assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        }
    }

    // On a TLS 1.3 connection the JDK sends a KeyUpdate (asking for one back) where TLS 1.2 would
    // renegotiate: from SSLSocket.startHandshake, as it does on reaching its key limit.
    @Test
    void aTls13KeyUpdateFromAnSslSocketLeavesTheSessionWorking() throws IOException {
        WsServer server = start();
        try (RawWsClient client = openSslSocket(server.port(), "TLSv1.3")) {
            assertEchoes(client, "before the key update");
            for (int i = 0; i < 3; i++) {
                ((SSLSocket) client.socket()).startHandshake();
                assertEchoes(client, "after key update " + i);
            }
            assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThat(handler.openedIds()).hasSize(1);
    }

    // Byte-level: the client's KeyUpdate goes out with an echo request right behind it, under the new
    // keys, and the server answers the update_requested with a KeyUpdate of its own before the echo
    // (a record that carries no application data).
    @Test
    void answersATls13KeyUpdateWithItsOwnAndGoesOnEchoing() throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.open(server.port(), "/ws", CLIENT, "TLSv1.3")) {
            client.sendText("before the key update");
            assertThat(client.readFrame().text()).isEqualTo("before the key update");
            int emptyBefore = client.emptyRecords(); // the session tickets

            client.engine().beginHandshake();
            assertThat(client.engine().getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_WRAP);
            byte[] keyUpdate = client.wrap(new byte[0]);
            byte[] request = client.wrap(RawWsClient.text("after the key update"));
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(keyUpdate);
            both.writeBytes(request);
            client.send(both.toByteArray());

            assertThat(client.readFrame().text()).isEqualTo("after the key update");
            assertThat(client.emptyRecords() - emptyBefore).as("the server's KeyUpdate").isEqualTo(1);
        }
    }

    // The server's answer to a KeyUpdate must follow the records it already wrapped under the old
    // keys and precede those it wraps under the new: here the KeyUpdate comes while the server's
    // records wait for a client that stopped reading, and the answer joins them at their end.
    @Test
    void answersAKeyUpdateThatComesWhileItsRecordsWaitForTheClient() throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.open(server.port(), "/ws", CLIENT,
                socket -> socket.setReceiveBufferSize(4096), "TLSv1.3")) {
            WsSession session = handler.awaitOpen();
            int count = 2048; // 8 MiB: more than the kernel's buffers take unread (about 3 MB here)
            for (int i = 0; i < count; i++) {
                session.sendText(i + ":" + "w".repeat(4090));
            }
            assertThat(TlsBackpressureTest.awaitSteadyBuffered(session)).as("bytes held back").isPositive();

            client.engine().beginHandshake();
            byte[] keyUpdate = client.wrap(new byte[0]);
            client.send(keyUpdate);
            client.sendText("after the key update");

            for (int i = 0; i < count; i++) {
                assertThat(client.readFrame().text()).as("message %d", i).startsWith(i + ":");
            }
            assertThat(client.readFrame().text()).isEqualTo("after the key update");
        }
    }

    // The key limit itself (RFC 8446 section 5.5): a client whose keys wear out after 16 KiB sends a
    // KeyUpdate every few messages, on its own. The limit is read once per JVM, so the client runs in
    // one of its own; its TLS debug log shows the KeyUpdates it produced.
    @Test
    void aClientAtItsKeyLimitUpdatesItsKeysAndTheSessionGoesOn() throws Exception {
        WsServer server = start();
        Path classes = Path.of(KeyLimitClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djavax.net.debug=ssl:handshake", "-cp", classes.toString(),
                KeyLimitClient.class.getName(), String.valueOf(server.port()),
                TestCertificates.serverKeyStore().toString())
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client's JVM ended").isTrue();
            String log = output.get(10, TimeUnit.SECONDS);
            assertThat(client.exitValue()).as("exit value; output ends:%n%s", tail(log)).isZero();
            assertThat(log).contains("echoed " + KeyLimitClient.MESSAGES);
            assertThat(log.split("Produced KeyUpdate post-handshake message", -1).length - 1)
                    .as("KeyUpdates the client sent").isGreaterThanOrEqualTo(2);
        } finally {
            client.destroyForcibly();
        }
        assertThat(handler.awaitClose().status().code()).isEqualTo(1000);
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 3000));
    }
}
