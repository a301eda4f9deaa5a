package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WsServer.updateTls: a renewed certificate is used by the handshakes after the swap, while the
 * sessions opened before go on with theirs.
 */
class TlsContextUpdateTest {
    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    private static Certificate serverCertificateSeenBy(RawWsClient client) throws IOException {
        return ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0];
    }

    private static void assertEchoes(RawWsClient client, String text) throws IOException {
        client.sendText(text);
        assertThat(client.readFrame().text()).isEqualTo(text);
    }

    @Test
    void newHandshakesUseTheNewContextAndOpenSessionsGoOn() throws IOException {
        Certificate first = TestCertificates.certificate(TestCertificates.serverKeyStore());
        Certificate renewed = TestCertificates.certificate(TestCertificates.otherServerKeyStore());
        SSLContext renewedContext = TestCertificates.otherServerContext();
        // One client context for both connections: the second offers to resume the first's session,
        // which the new context cannot resume, so it must present the renewed certificate.
        SSLContext client = TestCertificates.clientContext();
        WsServer server = servers.start(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/ws", handler));
        try (RawWsClient before = RawWsClient.openTls(server.port(), "/ws", client)) {
            assertThat(serverCertificateSeenBy(before)).isEqualTo(first);

            server.updateTls(renewedContext);

            assertThat(server.tls()).map(TlsConfig::context).containsSame(renewedContext);
            try (RawWsClient after = RawWsClient.openTls(server.port(), "/ws", client)) {
                assertThat(serverCertificateSeenBy(after)).isEqualTo(renewed);
                assertEchoes(after, "on the renewed certificate");
            }
            assertEchoes(before, "still on the first certificate");
            assertThat(serverCertificateSeenBy(before)).isEqualTo(first);
        }
    }

    @Test
    void aPlainServerHasNoTlsToUpdate() {
        WsServer server = servers.start(TestServers.local().route("/ws", handler));

        assertThat(catchThrowable(() -> server.updateTls(TestCertificates.otherServerContext())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain");
        assertThat(server.tls()).isEmpty();
    }

    @Test
    void updateNeedsARunningServerAndAContext() {
        WsServerConfig config = TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/ws", handler).build();
        WsServer notStarted = new WsServer(config);

        assertThat(catchThrowable(() -> notStarted.updateTls(TestCertificates.otherServerContext())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        WsServer running = servers.start(config);
        assertThat(catchThrowable(() -> running.updateTls(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("context");
    }
}
