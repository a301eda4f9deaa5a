package io.wsengine.spring.ssl;

import static io.wsengine.spring.ssl.TlsTestSupport.CLIENT;
import static io.wsengine.spring.ssl.TlsTestSupport.jksBundle;
import static io.wsengine.spring.ssl.TlsTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.QuietOutput;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle with {@code reload-on-update}: when its key store file is replaced, Spring Boot reloads the
 * bundle and the running WebSocket server's new connections get the new certificate, without a
 * restart; a session opened before goes on.
 */
@ExtendWith(QuietOutput.class) // the reload's log lines are read by the tests, and kept out of the build log
class SslBundleReloadTest {
    /** Spring Boot waits for this long without file events before it reloads (10 s by default). */
    private static final String QUIET_PERIOD = "spring.ssl.bundle.watch.file.quiet-period=200ms";

    @TempDir
    Path dir;

    @Test
    void newConnectionsGetTheReplacedCertificateWhileOpenSessionsGoOn(QuietOutput.Captured output) throws Exception {
        Path keyStore = TlsTestSupport.copy(TestCertificates.serverKeyStore(), dir, "server.p12");
        Certificate first = TestCertificates.certificate(TestCertificates.serverKeyStore());
        Certificate second = TestCertificates.certificate(TestCertificates.otherServerKeyStore());
        runner().withPropertyValues(jksBundle("web", keyStore, null))
                .withPropertyValues("spring.ssl.bundle.jks.web.reload-on-update=true", QUIET_PERIOD,
                        "ws.server.ssl.bundle=web")
                .run(context -> {
                    int port = context.getBean(WsServerLifecycle.class).port();
                    assertThat(TlsTestSupport.serverCertificate(port)).isEqualTo(first);
                    try (JdkWsClient before = JdkWsClient.connectTls(port, "/echo", CLIENT)) {
                        assertThat(before.awaitText()).isEqualTo("no certificate");

                        // as a renewal would: written beside it, then moved over it in one step
                        Path renewed = TlsTestSupport.copy(TestCertificates.otherServerKeyStore(), dir, "renewed.tmp");
                        Files.move(renewed, keyStore, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);

                        await("a new connection shown the replaced certificate").atMost(Duration.ofSeconds(20))
                                .pollInterval(Duration.ofMillis(100))
                                .until(() -> TlsTestSupport.serverCertificate(port).equals(second));
                        await("the update in the log").atMost(Duration.ofSeconds(5)).until(() -> output.getOut()
                                .contains("SSL bundle 'web' (ws.server.ssl.bundle) updated"));
                        before.sendText("still here");
                        assertThat(before.awaitText()).isEqualTo("still here");
                    }
                    try (JdkWsClient after = JdkWsClient.connectTls(port, "/echo", CLIENT)) {
                        after.sendText("new certificate");
                        assertThat(after.awaitText()).isEqualTo("no certificate");
                        assertThat(after.awaitText()).isEqualTo("new certificate");
                    }
                });
    }

    @Test
    void anUnreadableReplacementIsLoggedAndThePreviousCertificateStays(QuietOutput.Captured output) throws Exception {
        Path keyStore = TlsTestSupport.copy(TestCertificates.serverKeyStore(), dir, "server.p12");
        Certificate first = TestCertificates.certificate(TestCertificates.serverKeyStore());
        runner().withPropertyValues(jksBundle("web", keyStore, null))
                .withPropertyValues("spring.ssl.bundle.jks.web.reload-on-update=true", QUIET_PERIOD,
                        "ws.server.ssl.bundle=web")
                .run(context -> {
                    int port = context.getBean(WsServerLifecycle.class).port();
                    Files.writeString(keyStore, "half a key store");

                    await("the failed update in the log").atMost(Duration.ofSeconds(20)).until(() -> output.getOut()
                            .contains("SSL bundle 'web' (ws.server.ssl.bundle) was updated, but cannot be used"));
                    assertThat(output.getOut()).contains("keeps the previous one");
                    assertThat(TlsTestSupport.serverCertificate(port)).isEqualTo(first);
                    try (JdkWsClient client = JdkWsClient.connectTls(port, "/echo", CLIENT)) {
                        assertThat(client.awaitText()).isEqualTo("no certificate");
                    }
                });
    }
}
