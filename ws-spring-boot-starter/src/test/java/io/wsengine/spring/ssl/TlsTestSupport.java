package io.wsengine.spring.ssl;

import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the TLS tests share: the auto-configurations with Spring Boot's SSL bundles and the endpoint of
 * {@link SslBundleTlsTests}, key material written as files (key stores from
 * {@link TestCertificates}, trust stores and PEM files made from them), and a look at the certificate
 * a client is shown.
 */
final class TlsTestSupport {
    static final String PASSWORD = TestCertificates.PASSWORD;
    /** One client context per kind, so that the JDK client's HttpClient per context is made once. */
    static final SSLContext CLIENT = TestCertificates.clientContext();
    static final SSLContext CLIENT_WITH_CERTIFICATE = TestCertificates.clientContextWithCertificate();

    private TlsTestSupport() {
    }

    /** The server's and Spring Boot's SSL auto-configuration, on a free loopback port, with the echo endpoint. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsSslAutoConfiguration.class,
                        SslAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
                        JacksonAutoConfiguration.class))
                .withBean(SslBundleTlsTests.EchoEndpoint.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1");
    }

    /** The properties of a JKS-style bundle (PKCS12 here) with this key store and an optional trust store. */
    static String[] jksBundle(String name, Path keyStore, Path trustStore) {
        String prefix = "spring.ssl.bundle.jks." + name + ".";
        String[] keys = {prefix + "keystore.location=" + keyStore.toUri(), prefix + "keystore.type=PKCS12",
                prefix + "keystore.password=" + PASSWORD};
        if (trustStore == null) {
            return keys;
        }
        return List.of(keys[0], keys[1], keys[2], prefix + "truststore.location=" + trustStore.toUri(),
                prefix + "truststore.type=PKCS12", prefix + "truststore.password=" + PASSWORD).toArray(String[]::new);
    }

    /** A copy of a key store in {@code dir}, to be replaced by a test. */
    static Path copy(Path keyStore, Path dir, String name) throws IOException {
        return Files.copy(keyStore, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A PKCS12 trust store in {@code dir} holding the certificate of {@code keyStore}, and nothing else. */
    static Path trustStoreFor(Path keyStore, Path dir) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", TestCertificates.certificate(keyStore));
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** Writes the key store's certificate and (unencrypted PKCS#8) private key as PEM files; returns them. */
    static Path[] pemFiles(Path keyStore, Path dir) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        String alias = store.aliases().nextElement();
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey(alias, PASSWORD.toCharArray()).getEncoded()));
        return new Path[] {certificate, key};
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The TLS session a client trusting both test server identities gets from the server (no WebSocket handshake). */
    static SSLSession tlsSession(int port) throws IOException {
        return tlsSession(port, socket -> { });
    }

    static SSLSession tlsSession(int port, RawWsClient.TlsSetup setup) throws IOException {
        try (RawWsClient client = RawWsClient.connectTls(port, CLIENT, setup)) {
            return ((SSLSocket) client.socket()).getSession();
        }
    }

    /** The certificate the server shows a new connection. */
    static Certificate serverCertificate(int port) throws IOException {
        return tlsSession(port).getPeerCertificates()[0];
    }
}
