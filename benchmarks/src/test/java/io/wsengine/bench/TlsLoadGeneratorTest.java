package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS plumbing of the benchmarks, in a few seconds: the run's key store made with keytool, the
 * engine serving it, the load generator's TLS client (echo with records cut across reads, idle
 * connections), the readiness probe, and Netty's TLS server in a JVM of its own as the runner
 * starts it, negotiating what the engine negotiates. The TLS rows themselves are never measured here.
 */
@Timeout(60)
class TlsLoadGeneratorTest {
    private static final Duration WARMUP = Duration.ofMillis(200);
    private static final Duration DURATION = Duration.ofMillis(500);

    private static BenchKeyStore keys;
    private static WsServer server;

    @BeforeAll
    static void start() {
        keys = BenchKeyStore.generate();
        server = EngineServers.start(0, 2, 1 << 20,
                TlsConfig.builder(BenchKeyStore.serverContext(keys.path(), keys.password())).build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private static URI wss(int port, String path) {
        return URI.create("wss://127.0.0.1:" + port + path);
    }

    private static LoadResult echo(int connections, int inFlight, int size, boolean binary) {
        return LoadGenerator.run(LoadOptions.echo(wss(server.port(), "/echo"), connections, inFlight, size, binary)
                .tls(keys.clientContext()).warmup(WARMUP).duration(DURATION));
    }

    private static void assertClean(LoadResult r) {
        assertThat(r.errorSamples).isEmpty();
        assertThat(r.errors).isZero();
        assertThat(r.messages).isPositive();
        assertThat(r.tls).startsWith("TLSv1.3 ");
        assertThat(r.toJson()).contains("\"tls\":\"TLSv1.3 ");
    }

    @Test
    void keyStoreHoldsOneKeyAndGoesToServersAsOptions() {
        assertThat(keys.path()).exists();
        assertThat(keys.serverArgs()).containsExactly("--tls-keystore", keys.path().toString(), "--tls-password", keys.password());
    }

    @Test
    void echoesSmallTextOverTls() {
        LoadResult r = echo(4, 1, 32, false);

        assertClean(r);
        assertThat(r.opened).isEqualTo(4);
    }

    @Test
    void echoesLargeBinaryInManyRecordsOverTls() {
        // 70,000 bytes: five records each way, cut anywhere by the socket; four in flight fill it
        assertClean(echo(2, 4, 70_000, true));
    }

    @Test
    void opensAndHoldsIdleTlsConnections() {
        LoadResult r = LoadGenerator.connectOnly(LoadOptions.connectOnly(wss(server.port(), "/echo"), 40)
                .tls(keys.clientContext()), Duration.ofMillis(100));

        assertThat(r.errorSamples).isEmpty();
        assertThat(r.opened).isEqualTo(40);
        assertThat(r.dropped).isZero();
        assertThat(r.tls).startsWith("TLSv1.3 ");
    }

    @Test
    void probeUpgradesOverTlsAndTellsWhatWasNegotiated() {
        StringBuilder negotiated = new StringBuilder();

        assertThat(Handshake.probe(wss(server.port(), "/echo"), keys.clientContext(), 5000, negotiated)).isNull();
        assertThat(negotiated.toString()).startsWith("TLSv1.3 TLS_");
    }

    @Test
    void clientTrustsNoOtherCertificate() throws Exception {
        // the JDK's default trust (cacerts) does not know the run's self-signed certificate
        String problem = Handshake.probe(wss(server.port(), "/echo"), SSLContext.getDefault(), 5000, null);

        assertThat(problem).contains("SSLHandshakeException");
    }

    @Test
    void generatorOptionsTakeTheKeyStoreForWss() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "wss://127.0.0.1:9443/echo",
                "--tls-keystore", keys.path().toString(), "--tls-password", keys.password()});

        assertThat(o.tls).isNotNull();
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "wss://127.0.0.1:9443/echo"}))
                .hasMessageContaining("a wss:// URL needs a key store to trust");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "ws://127.0.0.1:9001/echo",
                "--tls-keystore", keys.path().toString(), "--tls-password", keys.password()}))
                .hasMessageContaining("TLS is for wss:// URLs");
    }

    @Test
    void nettyServesTheKeyStoreAsTheRunnerStartsItWithTheEnginesCipherSuite(@TempDir Path logs) {
        StringBuilder engine = new StringBuilder();
        assertThat(Handshake.probe(wss(server.port(), "/echo"), keys.clientContext(), 5000, engine)).isNull();
        ServerProcess.Spec netty = RunnerSettings.SERVERS.stream().filter(s -> s.name().equals("netty-tls")).findFirst()
                .orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (ServerProcess process = ServerProcess.start(netty, List.of(), java, List.of("-Xmx128m"), logs, "", keys)) {
            process.awaitReady(Duration.ofSeconds(30)); // a wss:// upgrade on /echo, trusting the run's certificate

            assertThat(process.url("/echo").getScheme()).isEqualTo("wss");
            assertThat(process.negotiatedTls()).isEqualTo(engine.toString()); // the same protocol and cipher suite
        }
        assertThat(Files.exists(logs.resolve("netty-tls.log"))).isTrue();
    }
}
