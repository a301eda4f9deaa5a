package io.wsengine.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS identity of one benchmark run: a self-signed EC P-256 key and certificate for
 * {@code localhost} and {@code 127.0.0.1}, made with the JDK's {@code keytool} in a temporary
 * directory (deleted when the JVM exits) under a random password. The servers under test get the
 * key store's path and password ({@link #serverArgs()}); the load generator trusts its certificate
 * ({@link #clientContext()}). Every TLS server of a run serves the same key, so their handshakes
 * cost the same.
 */
public final class BenchKeyStore {
    /** The servers' options, the same for the engine, Netty and {@code io.wsengine.EchoServer}. */
    static final String KEYSTORE_OPTION = "tls-keystore";
    static final String PASSWORD_OPTION = "tls-password";

    private final Path path;
    private final String password;
    private SSLContext clientContext;

    private BenchKeyStore(Path path, String password) {
        this.path = path;
        this.password = password;
    }

    /** Runs keytool (about a second); fails with keytool's output if it does not work. */
    public static BenchKeyStore generate() {
        Path directory;
        try {
            directory = Files.createTempDirectory("wsbench-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(directory), "wsbench-tls-cleanup"));
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path file = directory.resolve("server.p12");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password);
        try {
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
        return new BenchKeyStore(file, password);
    }

    public Path path() {
        return path;
    }

    public String password() {
        return password;
    }

    /** {@code --tls-keystore PATH --tls-password PASSWORD}, for a server's command line. */
    public List<String> serverArgs() {
        return List.of("--" + KEYSTORE_OPTION, path.toString(), "--" + PASSWORD_OPTION, password);
    }

    /** A client context that trusts this store's certificate and nothing else; one per key store. */
    public synchronized SSLContext clientContext() {
        if (clientContext == null) {
            clientContext = trusting(path, password);
        }
        return clientContext;
    }

    /** The key managers of a PKCS12 store whose key has the store's password (as keytool makes them). */
    static KeyManagerFactory keyManagers(Path keyStore, String password) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password.toCharArray());
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key of " + keyStore + ": " + e, e);
        }
    }

    /** A server context with the key of a PKCS12 store. */
    static SSLContext serverContext(Path keyStore, String password) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(keyStore, password).getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting the certificates of a PKCS12 store (a server's own store will do). */
    static SSLContext trusting(Path keyStore, String password) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(keyStore, password));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the certificates of " + keyStore + ": " + e, e);
        }
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
