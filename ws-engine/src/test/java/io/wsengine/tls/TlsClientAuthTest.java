package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wsengine.HandshakeResult;
import io.wsengine.TlsConfig;
import io.wsengine.TlsConfig.ClientAuth;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client certificates (TlsConfig.ClientAuth): what the server asks for, who gets in, and what the
 * application is shown, in the interceptor ({@code HandshakeRequest.clientCertificates()}) and in
 * the handler ({@code WsSession.clientCertificates()}).
 */
class TlsClientAuthTest {
    private static final SSLContext WITHOUT_CERTIFICATE = TestCertificates.clientContext();
    private static final SSLContext WITH_CERTIFICATE = TestCertificates.clientContextWithCertificate();
    private static final String CLIENT_SUBJECT = "CN=wsengine-test-client";

    private final TestServers servers = new TestServers();
    /** What the interceptor saw of each upgrade request, in order. */
    private final BlockingQueue<List<X509Certificate>> seenByInterceptor = new LinkedBlockingQueue<>();
    /** What each session showed its handler in onOpen. */
    private final BlockingQueue<List<X509Certificate>> seenInOnOpen = new LinkedBlockingQueue<>();
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onOpen(WsSession session) {
            seenInOnOpen.add(session.clientCertificates());
            super.onOpen(session);
        }

        @Override
        public void onText(WsSession session, String text) {
            session.sendText(text);
        }
    };

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start(ClientAuth clientAuth) {
        return servers.start(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).clientAuth(clientAuth).build())
                .interceptor((request, attributes) -> {
                    seenByInterceptor.add(request.clientCertificates());
                    return HandshakeResult.accept();
                })
                .route("/ws", handler));
    }

    private static List<X509Certificate> next(BlockingQueue<List<X509Certificate>> views) throws InterruptedException {
        List<X509Certificate> seen = views.poll(JdkWsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(seen).as("a view of the client's certificates").isNotNull();
        return seen;
    }

    private List<X509Certificate> interceptorsView() throws InterruptedException {
        return next(seenByInterceptor);
    }

    private List<X509Certificate> onOpensView() throws InterruptedException {
        return next(seenInOnOpen);
    }

    /** Opens a session with the JDK's client and echoes once; returns the server's session. */
    private WsSession openAndEcho(WsServer server, SSLContext context) {
        try (JdkWsClient client = JdkWsClient.connectTls(server.port(), "/ws", context)) {
            client.sendText("hello");
            assertThat(client.awaitText()).isEqualTo("hello");
            return handler.awaitOpen();
        }
    }

    private static void assertTheClientsCertificate(List<X509Certificate> chain) {
        assertThat(chain).hasSize(1);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo(CLIENT_SUBJECT);
        assertThat(chain.get(0)).isEqualTo(TestCertificates.certificate(TestCertificates.clientKeyStore()));
    }

    // TLS 1.3 clients finish their side before the server has checked their (empty) Certificate, so
    // the failure may only show at the first read: either way, no upgrade and no session.
    @Test
    void needRefusesAClientWithoutACertificateInTheTlsHandshake() {
        WsServer server = start(ClientAuth.NEED);

        Throwable failure = catchThrowable(
                () -> RawWsClient.openTls(server.port(), "/ws", WITHOUT_CERTIFICATE).close());

        assertThat(failure).as("the upgrade without a certificate").isInstanceOf(IOException.class)
                .hasMessageNotContaining("expected 101"); // a TLS failure, not an HTTP refusal
        assertThat(seenByInterceptor).as("upgrade requests that reached the interceptor").isEmpty();
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void needShowsTheClientsCertificateToTheInterceptorAndTheSession() throws InterruptedException {
        WsServer server = start(ClientAuth.NEED);

        WsSession session = openAndEcho(server, WITH_CERTIFICATE);

        assertTheClientsCertificate(interceptorsView());
        assertTheClientsCertificate(onOpensView());
        assertTheClientsCertificate(session.clientCertificates()); // kept after the close
        assertThat(session.tlsSession()).isPresent();
    }

    @Test
    void wantAcceptsAClientWithoutACertificateAndShowsNone() throws InterruptedException {
        WsServer server = start(ClientAuth.WANT);

        WsSession session = openAndEcho(server, WITHOUT_CERTIFICATE);

        assertThat(interceptorsView()).isEmpty();
        assertThat(onOpensView()).isEmpty();
        assertThat(session.tlsSession()).isPresent();
    }

    @Test
    void wantShowsTheCertificateOfAClientThatSendsOne() throws InterruptedException {
        WsServer server = start(ClientAuth.WANT);

        openAndEcho(server, WITH_CERTIFICATE);

        assertTheClientsCertificate(interceptorsView());
        assertTheClientsCertificate(onOpensView());
    }

    // NONE asks for no certificate, so a client that has one sends none.
    @Test
    void noneShowsNoCertificateEvenFromAClientThatHasOne() throws InterruptedException {
        WsServer server = start(ClientAuth.NONE);

        WsSession session = openAndEcho(server, WITH_CERTIFICATE);

        assertThat(interceptorsView()).isEmpty();
        assertThat(onOpensView()).isEmpty();
        assertThat(session.tlsSession()).isPresent();
    }
}
