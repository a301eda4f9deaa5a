package io.wsengine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test-only keys and certificates, made once per JVM with the JDK's {@code keytool} in a temporary
 * directory that is deleted at exit: two server identities for {@code localhost} and
 * {@code 127.0.0.1} (for tests that swap a server's certificate), and a client identity (for client
 * authentication). All are self-signed EC P-256, with the password {@link #PASSWORD}; nothing here
 * may be used outside tests.
 */
public final class TestCertificates {
    public static final String PASSWORD = "test-only";

    private static Path directory;

    private TestCertificates() {
    }

    /** {@return a PKCS12 key store holding the first server identity, alias {@code server}} */
    public static synchronized Path serverKeyStore() {
        return keyStore("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /** {@return a PKCS12 key store holding a second server identity, alias {@code server}, with another key} */
    public static synchronized Path otherServerKeyStore() {
        return keyStore("other-server", "CN=localhost, O=Other", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /** {@return a PKCS12 key store holding the client identity, alias {@code client}} */
    public static synchronized Path clientKeyStore() {
        return keyStore("client", "CN=wsengine-test-client", null);
    }

    /** {@return a server context with the first identity, trusting the client's certificate} */
    public static SSLContext serverContext() {
        return context(serverKeyStore(), clientKeyStore());
    }

    /** {@return a server context with the second identity, trusting the client's certificate} */
    public static SSLContext otherServerContext() {
        return context(otherServerKeyStore(), clientKeyStore());
    }

    /** {@return a client context that trusts both server identities and presents no certificate} */
    public static SSLContext clientContext() {
        return context(null, serverKeyStore(), otherServerKeyStore());
    }

    /** {@return a client context that trusts both server identities and presents the client certificate} */
    public static SSLContext clientContextWithCertificate() {
        return context(clientKeyStore(), serverKeyStore(), otherServerKeyStore());
    }

    /** The certificate of a key store made here. */
    public static Certificate certificate(Path keyStore) {
        try {
            KeyStore store = load(keyStore);
            return store.getCertificate(store.aliases().nextElement());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TLS context with the identity of {@code keyStore} (none when null), trusting the certificates
     * of the {@code trusted} key stores.
     */
    public static SSLContext context(Path keyStore, Path... trusted) {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore), PASSWORD.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Path path : trusted) {
                trust.setCertificateEntry("trusted-" + i++, certificate(path));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a test TLS context", e);
        }
    }

    private static KeyStore load(Path path) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path keyStore(String name, String distinguishedName, String extension) {
        Path file = directory().resolve(name + ".p12");
        if (Files.exists(file)) {
            return file;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name.equals("client") ? "client" : "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", distinguishedName, "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.add("-ext");
            command.add(extension);
        }
        try {
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
        return file;
    }

    private static Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("wsengine-test-certificates");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path created = directory;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(created)));
        }
        return directory;
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
