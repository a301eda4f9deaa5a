package io.wsengine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Echoes text as text and binary as binary on any path: a bare engine for conformance suites and
 * load tools.
 *
 * <pre>
 * java -cp ws-engine-VERSION.jar io.wsengine.EchoServer --port 9001
 *     [--host 0.0.0.0] [--event-loops N] [--max-message-size BYTES]
 *     [--tls-keystore FILE.p12 --tls-password PASSWORD]
 * </pre>
 *
 * <p>With a PKCS12 key store (its key and certificate chain, the store and the key under the same
 * password, as {@code keytool -genkeypair -storetype PKCS12} makes them) it serves {@code wss://}
 * only, with the engine's TLS defaults (TLS 1.3 and 1.2).
 */
public final class EchoServer {
    /** Conformance suites send messages of up to 16 MiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    private static final String USAGE = "usage: EchoServer [--port 9001] [--host 0.0.0.0] [--event-loops N]"
            + " [--max-message-size BYTES] [--tls-keystore FILE.p12 --tls-password PASSWORD]";

    private EchoServer() {
    }

    /** Echoes every message back to its sender. */
    public static final class EchoHandler implements WsHandler {
        /** Creates the handler; it keeps no state, so one serves every session. */
        public EchoHandler() {
        }

        @Override
        public void onText(WsSession session, String text) {
            session.sendText(text);
        }

        @Override
        public void onBinary(WsSession session, ByteBuffer data) {
            session.sendBinary(data);
        }
    }

    /**
     * Runs the echo server until the JVM is stopped (a shutdown hook stops it with 2 s of grace).
     *
     * @param args the options above; the port defaults to 9001, the message size limit to 64 MiB; an
     *             invalid option prints the usage and exits with status 2, a key store that cannot
     *             serve (missing, wrong password, no key) prints one line saying so and exits with 1
     * @throws InterruptedException if the main thread is interrupted while the server runs
     */
    public static void main(String[] args) throws InterruptedException {
        WsServerConfig config;
        try {
            config = parse(args);
        } catch (KeyStoreProblem e) {
            System.err.println("EchoServer: " + e.getMessage()); // the options were right: no usage
            System.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("EchoServer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        WsServer server = new WsServer(config).start();
        System.out.println("EchoServer listening on " + config.bindAddress().getHostAddress() + ":" + server.port()
                + " (" + (config.tls().isPresent() ? "wss, " : "") + config.eventLoops() + " event loops, max message "
                + config.maxMessageSize() + " bytes)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(2));
            stopped.countDown();
        }));
        stopped.await();
    }

    static WsServerConfig parse(String[] args) {
        WsServerConfig.Builder builder = WsServerConfig.builder()
                .port(9001)
                .maxMessageSize(DEFAULT_MAX_MESSAGE_SIZE)
                .route("/**", new EchoHandler());
        String keyStore = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(number(option, value));
                case "--host" -> builder.bindAddress(value);
                case "--event-loops" -> builder.eventLoops(number(option, value));
                case "--max-message-size" -> builder.maxMessageSize(longNumber(option, value));
                case "--tls-keystore" -> keyStore = value;
                case "--tls-password" -> password = value;
                case "--compression" -> builder.compression(compression(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if ((keyStore == null) != (password == null)) {
            throw new IllegalArgumentException("--tls-keystore and --tls-password go together: give both or neither");
        }
        if (keyStore != null) {
            builder.tls(TlsConfig.builder(tlsContext(Path.of(keyStore), password.toCharArray())).build());
        }
        return builder.build();
    }

    /** permessage-deflate as {@code --compression} names it: conformance suites test each policy. */
    private static CompressionConfig compression(String value) {
        return switch (value) {
            case "off" -> CompressionConfig.DISABLED;
            case "no-takeover" -> CompressionConfig.builder().contextTakeover(CompressionConfig.ContextTakeover.NONE).build();
            case "takeover" -> CompressionConfig.builder().contextTakeover(CompressionConfig.ContextTakeover.ALLOWED).build();
            default -> throw new IllegalArgumentException("--compression must be off, no-takeover or takeover, not " + value);
        };
    }

    /**
     * A server context from a PKCS12 key store. Each way a store can fail to serve gets a message of
     * its own, since the JDK's exceptions ("keystore password was incorrect" deep in a cause, or a
     * handshake that fails later for want of a key) would not tell an operator what to fix.
     */
    static SSLContext tlsContext(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new KeyStoreProblem("no key store at " + file + " (--tls-keystore)");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyStoreProblem("wrong password for the key store " + file + " (--tls-password)");
            }
            throw new KeyStoreProblem("cannot read " + file + " as a PKCS12 key store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new KeyStoreProblem("cannot read " + file + " as a PKCS12 key store: " + e.getMessage());
        }
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKeyEntry(store, alias))) {
                throw new KeyStoreProblem("the key store " + file + " holds no private key, only certificates;"
                        + " a server needs its key and certificate (keytool -genkeypair)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new KeyStoreProblem("the key in " + file + " does not open with --tls-password"
                    + " (the key has a password of its own?)");
        } catch (GeneralSecurityException e) {
            throw new KeyStoreProblem("cannot use the key store " + file + ": " + e.getMessage());
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A key store that cannot serve: the options were right, so main prints one line and no usage. */
    static final class KeyStoreProblem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        KeyStoreProblem(String message) {
            super(message);
        }
    }

    private static long longNumber(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number of bytes, not '" + value + "'");
        }
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }
}
