package io.wsengine.readme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.TlsConfig;
import io.wsengine.WsHandler;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The README's engine TLS snippets: wss:// from a PKCS12 key store, and a renewed certificate swapped in. */
class TlsSnippetTest {
    private static final WsHandler handler = new WsHandler() {
        @Override
        public void onText(WsSession session, String text) {
            session.sendText(text);
        }
    };

    @Test
    void servesWssAndTakesARenewedContext() throws Exception {
        Path keyStoreFile = TestCertificates.serverKeyStore();
        char[] password = TestCertificates.PASSWORD.toCharArray();
        // tag::engine-tls[]
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);   // trust managers too, for client certificates

        WsServer server = new WsServer(WsServerConfig.builder()
                .port(0)
                .tls(TlsConfig.builder(context)    // the server then speaks wss:// only
                        .protocols("TLSv1.3")      // default: TLSv1.2 and TLSv1.3, as the context enables them
                        .build())
                .route("/echo", handler)
                .build())
                .start();
        // end::engine-tls[]
        try {
            SSLContext client = TestCertificates.clientContext();
            try (JdkWsClient ws = JdkWsClient.connectTls(server.port(), "/echo", client)) {
                ws.sendText("over wss");
                assertThat(ws.awaitText()).isEqualTo("over wss");
            }
            SSLContext renewedContext = TestCertificates.otherServerContext();
            // tag::engine-tls-update[]
            server.updateTls(renewedContext);      // new TLS handshakes use it; open connections keep theirs
            // end::engine-tls-update[]
            assertThat(server.tls().orElseThrow().context()).isSameAs(renewedContext);
            assertThat(server.tls().orElseThrow().protocols()).containsExactly("TLSv1.3");
            try (JdkWsClient ws = JdkWsClient.connectTls(server.port(), "/echo", client)) {
                ws.sendText("renewed");
                assertThat(ws.awaitText()).isEqualTo("renewed");
            }
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }
}
