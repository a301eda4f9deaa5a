package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.Payloads;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line echo server: its options, and that what it runs echoes. */
class EchoServerTest {
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    // ---- options

    @Test
    void defaultsToPort9001AndSixtyFourMebibyteMessages() {
        WsServerConfig config = EchoServer.parse(new String[0]);

        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.maxMessageSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.routes()).singleElement().satisfies(route -> {
            assertThat(route.path()).isEqualTo("/**");
            assertThat(route.handler()).isInstanceOf(EchoServer.EchoHandler.class);
        });
    }

    @Test
    void compressionIsOnWithoutContextTakeoverByDefaultAndTheOptionChoosesThePolicy() {
        assertThat(EchoServer.parse(new String[0]).compression().contextTakeover())
                .isEqualTo(CompressionConfig.ContextTakeover.NONE);
        assertThat(EchoServer.parse(new String[0]).compression().enabled()).isTrue();
        assertThat(EchoServer.parse(new String[] {"--compression", "takeover"}).compression().contextTakeover())
                .isEqualTo(CompressionConfig.ContextTakeover.ALLOWED);
        assertThat(EchoServer.parse(new String[] {"--compression", "off"}).compression().enabled()).isFalse();
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--compression", "max"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("off, no-takeover or takeover");
    }

    @Test
    void portOptionSetsThePort() {
        assertThat(EchoServer.parse(new String[] {"--port", "8123"}).port()).isEqualTo(8123);
    }

    @Test
    void maxMessageSizeOptionSetsTheLimit() {
        WsServerConfig config = EchoServer.parse(new String[] {"--max-message-size", "2048"});

        assertThat(config.maxMessageSize()).isEqualTo(2048);
        assertThat(config.maxFrameSize()).isEqualTo(2048);
    }

    @Test
    void hostAndEventLoopOptionsAreApplied() {
        WsServerConfig config = EchoServer.parse(new String[] {"--host", "127.0.0.1", "--event-loops", "3"});

        assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.eventLoops()).isEqualTo(3);
    }

    @Test
    void optionsMayComeInAnyOrder() {
        WsServerConfig config = EchoServer.parse(new String[] {"--max-message-size", "4096", "--port", "0"});

        assertThat(config.port()).isZero();
        assertThat(config.maxMessageSize()).isEqualTo(4096);
    }

    @Test
    void unknownOptionIsRejectedByName() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--verbose", "yes"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --verbose");
    }

    @Test
    void optionWithoutValueIsRejectedByName() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing value after --port");
    }

    @Test
    void nonNumericPortIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port", "http"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port")
                .hasMessageContaining("http");
    }

    @Test
    void portOutOfRangeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--port", "70000"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
    }

    @Test
    void nonNumericMaxMessageSizeIsRejectedNamingTheOption() {
        // main prints only the message: "For input string" alone would not say which option is wrong
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--max-message-size", "1MB"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-message-size")
                .hasMessageContaining("1MB");
    }

    @Test
    void zeroMaxMessageSizeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--max-message-size", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageSize");
    }

    @Test
    void zeroEventLoopsIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--event-loops", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventLoops");
    }

    // ---- what main runs

    @Test
    void parsedServerEchoesTextAndBinaryOnAnyPath() {
        WsServer server = servers.start(EchoServer.parse(new String[] {"--host", "127.0.0.1", "--port", "0"}));
        String text = Payloads.text(70_000);
        byte[] data = Payloads.binary(70_000);

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/any/path?at=all")) {
            client.sendText(text).sendBinary(data);

            assertThat(client.awaitText()).isEqualTo(text);
            assertThat(client.awaitBinary()).isEqualTo(data);
        }
    }

    @Test
    void parsedServerEchoesAMessageOverTheEngineDefaultLimit() {
        WsServer server = servers.start(EchoServer.parse(new String[] {"--host", "127.0.0.1", "--port", "0"}));
        byte[] data = Payloads.binary(3 * 1024 * 1024); // conformance suites send up to 16 MiB

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/")) {
            client.sendBinary(data);

            assertThat(client.awaitBinary()).isEqualTo(data);
        }
    }

    @Test
    void echoHandlerEchoesInAServerOfOnesOwn() {
        WsServer server = servers.start(TestServers.local().route("/echo", new EchoServer.EchoHandler()));

        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/echo")) {
            client.sendText("ünïcödé 😀").sendBinary(new byte[] {0, 1, 2, (byte) 255});

            assertThat(client.awaitText()).isEqualTo("ünïcödé 😀");
            assertThat(client.awaitBinary()).containsExactly(0, 1, 2, 255);
        }
    }

    // ---- wss://

    private static String[] tlsArgs(Path keyStore, String password) {
        return new String[] {"--host", "127.0.0.1", "--port", "0", "--tls-keystore", keyStore.toString(),
                "--tls-password", password};
    }

    @Test
    void tlsOptionsServeWssWithTheKeyStoresIdentity() {
        WsServer server = servers.start(EchoServer.parse(tlsArgs(TestCertificates.serverKeyStore(), TestCertificates.PASSWORD)));
        String text = Payloads.text(70_000);
        byte[] data = Payloads.binary(70_000);

        // the client trusts the test server certificate only: the handshake proves which key served
        try (JdkWsClient client = JdkWsClient.connectTls(server.port(), "/any/path", TestCertificates.clientContext())) {
            client.sendText(text).sendBinary(data);

            assertThat(client.awaitText()).isEqualTo(text);
            assertThat(client.awaitBinary()).isEqualTo(data);
        }
        assertThat(server.tls()).isPresent();
    }

    @Test
    void keyStoreWithoutPasswordIsRejected() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--tls-keystore", "server.p12"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-keystore and --tls-password go together");
    }

    @Test
    void passwordWithoutKeyStoreIsRejected() {
        assertThatThrownBy(() -> EchoServer.parse(new String[] {"--tls-password", "secret"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-keystore and --tls-password go together");
    }

    @Test
    void missingKeyStoreIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.p12");

        assertThatThrownBy(() -> EchoServer.parse(tlsArgs(missing, "secret")))
                .isInstanceOf(EchoServer.KeyStoreProblem.class)
                .hasMessage("no key store at " + missing + " (--tls-keystore)");
    }

    @Test
    void wrongPasswordIsNamed() {
        Path keyStore = TestCertificates.serverKeyStore();

        assertThatThrownBy(() -> EchoServer.parse(tlsArgs(keyStore, "not-the-password")))
                .isInstanceOf(EchoServer.KeyStoreProblem.class)
                .hasMessage("wrong password for the key store " + keyStore + " (--tls-password)");
    }

    @Test
    void storeOfCertificatesOnlyIsRejectedForWantOfAKey(@TempDir Path dir) throws Exception {
        Path certificatesOnly = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("server", TestCertificates.certificate(TestCertificates.serverKeyStore()));
        try (OutputStream out = Files.newOutputStream(certificatesOnly)) {
            store.store(out, TestCertificates.PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> EchoServer.parse(tlsArgs(certificatesOnly, TestCertificates.PASSWORD)))
                .isInstanceOf(EchoServer.KeyStoreProblem.class)
                .hasMessageContaining("holds no private key");
    }

    @Test
    void keyUnderAnotherPasswordThanTheStoreIsNamed(@TempDir Path dir) throws Exception {
        // keytool gives a PKCS12 key the store's password; the KeyStore API can give it another
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.serverKeyStore())) {
            server.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", server.getKey("server", TestCertificates.PASSWORD.toCharArray()),
                "another-password".toCharArray(), server.getCertificateChain("server"));
        Path twoPasswords = dir.resolve("two-passwords.p12");
        try (OutputStream out = Files.newOutputStream(twoPasswords)) {
            store.store(out, TestCertificates.PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> EchoServer.parse(tlsArgs(twoPasswords, TestCertificates.PASSWORD)))
                .isInstanceOf(EchoServer.KeyStoreProblem.class)
                .hasMessageContaining("does not open with --tls-password");
    }

    @Test
    void fileThatIsNoKeyStoreIsNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("server.p12"), "not a key store");

        assertThatThrownBy(() -> EchoServer.parse(tlsArgs(text, "secret")))
                .isInstanceOf(EchoServer.KeyStoreProblem.class)
                .hasMessageStartingWith("cannot read " + text + " as a PKCS12 key store");
    }

    @Test
    void mainSaysAWrongPasswordInOneLineAndExitsWithStatusOne() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EchoServer.class.getName(), "--host", "127.0.0.1", "--port", "0",
                "--tls-keystore", TestCertificates.serverKeyStore().toString(), "--tls-password", "not-the-password")
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("EchoServer exits on its own").isTrue();
            List<String> errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(errors).containsExactly("EchoServer: wrong password for the key store "
                    + TestCertificates.serverKeyStore() + " (--tls-password)");
            assertThat(process.getInputStream().readAllBytes()).isEmpty();
        } finally {
            process.destroyForcibly(); // only if it did not exit: a server that started must not outlive the test
        }
    }
}
