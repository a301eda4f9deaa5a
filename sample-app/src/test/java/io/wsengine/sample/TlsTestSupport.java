package io.wsengine.sample;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sample as {@code --spring.profiles.active=tls} runs it (the page over https, the chat over
 * wss:// on its port and on the engine's own, one SSL bundle with the shipped demo certificate), on free ports; one context for every
 * class here. Clients trust exactly the demo certificate.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.server.port=0")
@ActiveProfiles("tls")
abstract class TlsTestSupport {
    static final String DEMO_KEY_STORE = "tls/demo-only-localhost.p12";
    static final String DEMO_PASSWORD = "demo-only";

    @LocalServerPort
    int webPort;

    /** The shipped demo certificate. */
    static Certificate demoCertificate() throws IOException, GeneralSecurityException {
        KeyStore store = demoKeyStore();
        return store.getCertificate(store.aliases().nextElement());
    }

    /** A client context that trusts the demo certificate and nothing else. */
    static SSLContext trustingTheDemoCertificate() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("demo", demoCertificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static KeyStore demoKeyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ClassPathResource(DEMO_KEY_STORE).getInputStream()) {
            store.load(in, DEMO_PASSWORD.toCharArray());
        }
        return store;
    }
}
