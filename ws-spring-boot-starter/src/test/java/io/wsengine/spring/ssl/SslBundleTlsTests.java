package io.wsengine.spring.ssl;

import static io.wsengine.spring.ssl.TlsTestSupport.CLIENT;
import static io.wsengine.spring.ssl.TlsTestSupport.CLIENT_WITH_CERTIFICATE;
import static io.wsengine.spring.ssl.TlsTestSupport.jksBundle;
import static io.wsengine.spring.ssl.TlsTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.wsengine.TlsConfig;
import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestCertificates;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * {@code ws.server.ssl.bundle}: the WebSocket server serves {@code wss://} with a Spring Boot SSL bundle
 * defined in properties (its key, trust, protocols and ciphers), to the JDK's WebSocket client;
 * {@code ws.server.ssl.client-auth} decides whether a client needs a certificate.
 */
class SslBundleTlsTests {
    @TempDir
    Path dir;

    /**
     * Echoes text; on open, says which client certificate the TLS session carries. Nested in a test
     * class, so that the component scans of other tests' applications leave it out.
     */
    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnOpen
        void open(WsSession session) {
            List<X509Certificate> chain = session.clientCertificates();
            session.sendText(chain.isEmpty() ? "no certificate" : chain.get(0).getSubjectX500Principal().getName());
        }

        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    private static int port(ApplicationContext context) {
        return context.getBean(WsServerLifecycle.class).port();
    }

    @Test
    void servesWssWithAKeyStoreBundle() {
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null))
                .withPropertyValues("ws.server.ssl.bundle=web")
                .run(context -> {
                    try (JdkWsClient client = JdkWsClient.connectTls(port(context), "/echo", CLIENT)) {
                        assertThat(client.awaitText()).isEqualTo("no certificate");
                        client.sendText("over wss");
                        assertThat(client.awaitText()).isEqualTo("over wss");
                    }
                    assertThat(TlsTestSupport.serverCertificate(port(context)))
                            .isEqualTo(TestCertificates.certificate(TestCertificates.serverKeyStore()));
                });
    }

    @Test
    void servesWssWithAPemBundle() throws Exception {
        Path[] pem = TlsTestSupport.pemFiles(TestCertificates.otherServerKeyStore(), dir);
        runner().withPropertyValues("spring.ssl.bundle.pem.web.keystore.certificate=" + pem[0].toUri(),
                        "spring.ssl.bundle.pem.web.keystore.private-key=" + pem[1].toUri(), "ws.server.ssl.bundle=web")
                .run(context -> {
                    try (JdkWsClient client = JdkWsClient.connectTls(port(context), "/echo", CLIENT)) {
                        client.sendText("over wss, from PEM");
                        assertThat(client.awaitText()).isEqualTo("no certificate");
                        assertThat(client.awaitText()).isEqualTo("over wss, from PEM");
                    }
                    assertThat(TlsTestSupport.serverCertificate(port(context)))
                            .isEqualTo(TestCertificates.certificate(TestCertificates.otherServerKeyStore()));
                });
    }

    @Test
    void speaksOnlyTheBundlesProtocolsAndCiphers() {
        String cipher = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null))
                .withPropertyValues("spring.ssl.bundle.jks.web.options.enabled-protocols=TLSv1.2",
                        "spring.ssl.bundle.jks.web.options.ciphers=" + cipher, "ws.server.ssl.bundle=web")
                .run(context -> {
                    SSLSession session = TlsTestSupport.tlsSession(port(context));
                    assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
                    assertThat(session.getCipherSuite()).isEqualTo(cipher);
                    // a client that speaks only TLS 1.3 finds no protocol in common
                    assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() ->
                            TlsTestSupport.tlsSession(port(context), socket -> socket.setEnabledProtocols(
                                    new String[] {"TLSv1.3"})));
                });
    }

    @Test
    void withoutOptionsTheBundleSpeaksTls13AndTls12() {
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null))
                .withPropertyValues("ws.server.ssl.bundle=web")
                .run(context -> {
                    assertThat(TlsTestSupport.tlsSession(port(context)).getProtocol()).isEqualTo("TLSv1.3");
                    assertThat(TlsTestSupport.tlsSession(port(context), socket -> socket.setEnabledProtocols(
                            new String[] {"TLSv1.2"})).getProtocol()).isEqualTo("TLSv1.2");
                });
    }

    @Test
    void clientAuthNeedRefusesAClientWithoutACertificate() throws Exception {
        Path trust = TlsTestSupport.trustStoreFor(TestCertificates.clientKeyStore(), dir);
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), trust))
                .withPropertyValues("ws.server.ssl.bundle=web", "ws.server.ssl.client-auth=need")
                .run(context -> assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> {
                    WebSocket accepted = JdkWsClient.attemptTls(port(context), "/echo", CLIENT)
                            .get(JdkWsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    accepted.abort();
                }).havingCause().isInstanceOf(SSLHandshakeException.class)); // the server's alert: bad_certificate
    }

    @Test
    void clientAuthNeedAcceptsAClientWithATrustedCertificateAndTheEndpointSeesIt() throws Exception {
        Path trust = TlsTestSupport.trustStoreFor(TestCertificates.clientKeyStore(), dir);
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), trust))
                .withPropertyValues("ws.server.ssl.bundle=web", "ws.server.ssl.client-auth=need")
                .run(context -> {
                    try (JdkWsClient client = JdkWsClient.connectTls(port(context), "/echo", CLIENT_WITH_CERTIFICATE)) {
                        assertThat(client.awaitText()).isEqualTo("CN=wsengine-test-client");
                        client.sendText("authenticated");
                        assertThat(client.awaitText()).isEqualTo("authenticated");
                    }
                });
    }

    @Test
    void clientAuthWantAcceptsClientsWithAndWithoutACertificate() throws Exception {
        Path trust = TlsTestSupport.trustStoreFor(TestCertificates.clientKeyStore(), dir);
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), trust))
                .withPropertyValues("ws.server.ssl.bundle=web", "ws.server.ssl.client-auth=want")
                .run(context -> {
                    try (JdkWsClient anonymous = JdkWsClient.connectTls(port(context), "/echo", CLIENT);
                         JdkWsClient known = JdkWsClient.connectTls(port(context), "/echo", CLIENT_WITH_CERTIFICATE)) {
                        assertThat(anonymous.awaitText()).isEqualTo("no certificate");
                        assertThat(known.awaitText()).isEqualTo("CN=wsengine-test-client");
                    }
                });
    }

    @Test
    void withoutABundleTheServerSpeaksPlainWs() {
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null)).run(context -> {
            assertThat(context.getBean(WsServerLifecycle.class).server().tls()).isEmpty();
            try (RawWsClient client = RawWsClient.open(port(context), "/echo")) {
                assertThat(client.readFrame().text()).isEqualTo("no certificate");
            }
        });
    }

    @Test
    void handshakeTurnsAndThreadsComeFromProperties() {
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null))
                .withPropertyValues("ws.server.ssl.bundle=web", "ws.server.ssl.max-handshakes-per-loop=3",
                        "ws.server.ssl.handshake-threads=2")
                .run(context -> {
                    TlsConfig tls = context.getBean(WsServerLifecycle.class).server().tls().orElseThrow();
                    assertThat(tls.maxHandshakesPerLoop()).isEqualTo(3);
                    assertThat(tls.handshakeThreads()).isEqualTo(2);
                    try (JdkWsClient client = JdkWsClient.connectTls(port(context), "/echo", CLIENT)) {
                        assertThat(client.awaitText()).isEqualTo("no certificate");
                    }
                });
        runner().withPropertyValues(jksBundle("web", TestCertificates.serverKeyStore(), null))
                .withPropertyValues("ws.server.ssl.bundle=web")
                .run(context -> assertThat(context.getBean(WsServerLifecycle.class).server().tls().orElseThrow()
                        .maxHandshakesPerLoop()).isEqualTo(16));
    }

    @Test
    void aHandshakeCountBelowOneFailsStartUpNamingItsProperty() {
        runner().withPropertyValues("ws.server.ssl.max-handshakes-per-loop=0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ws.server.ssl.max-handshakes-per-loop must be at least 1"));
        runner().withPropertyValues("ws.server.ssl.handshake-threads=0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ws.server.ssl.handshake-threads must be at least 1"));
    }

    @Test
    void isAnAutoConfigurationOfTheStarter() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(WsSslAutoConfiguration.class.getName());
    }

    @Test
    void backsOffForAUserCustomizer() {
        WsSslBundleCustomizer own = new WsSslBundleCustomizer(new WsSslProperties(null, TlsConfig.ClientAuth.NONE, 16, null),
                () -> null, () -> null);
        runner().withBean(WsSslBundleCustomizer.class, () -> own).withPropertyValues("ws.server.ssl.bundle=nowhere")
                .run(context -> assertThat(context).hasNotFailed().getBean(WsSslBundleCustomizer.class).isSameAs(own));
    }

    @Test
    void backsOffWithoutSpringBootsSslBundles() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsSslAutoConfiguration.class,
                        TaskExecutionAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(SslBundles.class))
                .withBean(EchoEndpoint.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsServerLifecycle.class)
                        .doesNotHaveBean(WsSslBundleCustomizer.class));
    }

    @Test
    void backsOffWithTheServer() {
        runner().withPropertyValues("ws.server.enabled=false", "ws.server.ssl.bundle=web")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WsSslBundleCustomizer.class)
                        .doesNotHaveBean(WsSslProperties.class));
    }
}
