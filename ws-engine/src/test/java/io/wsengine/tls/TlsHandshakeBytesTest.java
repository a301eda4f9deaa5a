package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS records cut and joined at odd places: the server's transport must not care where one TCP
 * write ends and the next begins, during the handshake or at its end.
 */
class TlsHandshakeBytesTest {
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start() {
        return servers.start(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/echo", handler));
    }

    private static void assertEchoes(EngineClient client, String text) throws IOException {
        client.sendText(text);
        RawWsClient.Frame echo = client.readFrame();
        assertThat(echo.opcode()).as("opcode (8 is a close, code %d)", echo.closeCode()).isEqualTo(0x1);
        assertThat(echo.text()).isEqualTo(text);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    // Every handshake record arrives in pieces, its 5-byte header too: the transport must keep the
    // partial record and go on when the next byte comes.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void completesAHandshakeWhoseRecordsArriveAByteAtATime(String protocol) throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.connect(server.port(), CLIENT, protocol)) {
            byte[] lastFlight = client.handshakeUntilLastFlight(EngineClient::trickle);
            EngineClient.trickle(client, lastFlight);
            EngineClient.trickle(client, client.wrap(RawWsClient.upgradeRequest("/echo", server.port())));
            client.expect101();
            assertThat(client.engine().getSession().getProtocol()).isEqualTo(protocol);
            assertEchoes(client, "after a hello sent a byte at a time");
        }
    }

    // The client may send application data right after its Finished (RFC 8446 section 4.4.4): the
    // upgrade request then comes in the read that completes the handshake, and must not be dropped.
    @Test
    void readsAnUpgradeRequestThatCameInTheSameWriteAsTheClientFinishedTls13() throws IOException {
        WsServer server = start();
        try (EngineClient client = EngineClient.connect(server.port(), CLIENT, "TLSv1.3")) {
            byte[] finished = client.handshakeUntilLastFlight(EngineClient::sendAll);
            assertThat(finished).as("the client's last flight (Finished)").isNotEmpty();
            client.send(concat(finished, client.wrap(RawWsClient.upgradeRequest("/echo", server.port()))));
            client.expect101();
            assertEchoes(client, "after a pipelined upgrade");
        }
    }

    // In a full TLS 1.2 handshake the server's Finished comes last; in a resumed one the client's
    // does (RFC 5246 section 7.3), and the client may send its request with it.
    @Test
    void readsAnUpgradeRequestThatCameInTheSameWriteAsTheClientFinishedTls12() throws IOException {
        WsServer server = start();
        SSLContext resuming = TestCertificates.clientContext(); // its own session cache
        try (EngineClient first = EngineClient.open(server.port(), "/echo", resuming, "TLSv1.2")) {
            assertEchoes(first, "the session to resume");
        }
        try (EngineClient client = EngineClient.connect(server.port(), resuming, "TLSv1.2")) {
            byte[] finished = client.handshakeUntilLastFlight(EngineClient::sendAll);
            assertThat(finished).as("a resumed handshake: the client's ChangeCipherSpec and Finished end it")
                    .isNotEmpty();
            client.send(concat(finished, client.wrap(RawWsClient.upgradeRequest("/echo", server.port()))));
            client.expect101();
            assertThat(client.engine().getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertEchoes(client, "after a pipelined upgrade on a resumed session");
        }
    }

    // The same, with the request in several records after the Finished: every record left over from
    // the handshake's last read must reach the HTTP parser, not only the first.
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void readsEveryRecordThatCameWithTheHandshakesLastRecord(String protocol) throws IOException {
        WsServer server = start();
        SSLContext context = TestCertificates.clientContext();
        if (protocol.equals("TLSv1.2")) {
            EngineClient.open(server.port(), "/echo", context, protocol).close(); // to resume: the client ends it
        }
        try (EngineClient client = EngineClient.connect(server.port(), context, protocol)) {
            byte[] finished = client.handshakeUntilLastFlight(EngineClient::sendAll);
            assertThat(finished).isNotEmpty();
            byte[] request = RawWsClient.upgradeRequest("/echo", server.port()).getBytes(StandardCharsets.ISO_8859_1);
            byte[][] records = new byte[request.length / 20 + 1][];
            for (int i = 0; i < records.length; i++) {
                records[i] = client.wrap(Arrays.copyOfRange(request, i * 20, Math.min(request.length, (i + 1) * 20)));
            }
            client.send(concat(finished, concat(records)));
            client.expect101();
            assertEchoes(client, "after a request in " + records.length + " records");
        }
    }
}
