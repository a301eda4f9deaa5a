package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsHandler;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the load generator still works against an in-process engine, in about a second per run:
 * echo (text and binary, one and several messages in flight, the three frame-length encodings),
 * broadcast (to a route's sessions and to groups) and connect-only; and that it notices a server that echoes something else. The real
 * benchmarks never run here.
 */
@Timeout(60)
class LoadGeneratorSmokeTest {
    private static final Duration WARMUP = Duration.ofMillis(200);
    private static final Duration DURATION = Duration.ofMillis(600);

    private static WsServer server;
    private static WsServer corrupting;

    @BeforeAll
    static void start() {
        server = EngineServers.start(0, 2, 1 << 20);
        AtomicLong count = new AtomicLong();
        corrupting = new WsServer(WsServerConfig.builder()
                .bindAddress("127.0.0.1")
                .route("/echo", new WsHandler() {
                    @Override
                    public void onText(WsSession session, String text) {
                        // every 50th echo has its last character changed
                        session.sendText(count.incrementAndGet() % 50 == 0
                                ? text.substring(0, text.length() - 1) + (text.endsWith("!") ? "?" : "!") : text);
                    }

                    @Override
                    public void onBinary(WsSession session, ByteBuffer data) {
                        session.sendText("binary echoed as text");
                    }
                })
                .build()).start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
        corrupting.stop(Duration.ofSeconds(1));
    }

    private static URI url(WsServer s, String path) {
        return URI.create("ws://127.0.0.1:" + s.port() + path);
    }

    private static LoadResult echo(int connections, int inFlight, int size, boolean binary) {
        return LoadGenerator.run(LoadOptions.echo(url(server, "/echo"), connections, inFlight, size, binary)
                .warmup(WARMUP).duration(DURATION).serverPid(ProcessHandle.current().pid()));
    }

    private static void assertClean(LoadResult r) {
        assertThat(r.errorSamples).isEmpty();
        assertThat(r.errors).isZero();
        assertThat(r.messages).isPositive();
        assertThat(r.messagesPerSecond).isPositive();
        assertThat(r.p99Micros).isPositive();
        assertThat(r.generatorCpuPercent).isNotNegative();
        assertThat(r.toJson()).startsWith("{\"mode\":").contains("\"errors\":0");
    }

    @Test
    void textOneInFlight() {
        LoadResult r = echo(8, 1, 32, false);
        assertClean(r);
        assertThat(r.opened).isEqualTo(8);
    }

    @Test
    void textFourInFlightWithSixteenBitLengths() {
        assertClean(echo(4, 4, 300, false));
    }

    @Test
    void binaryOneAndFourInFlight() {
        assertClean(echo(4, 1, 32, true));
        assertClean(echo(2, 4, 70_000, true)); // 64-bit length, frames spread over many reads
    }

    @Test
    void broadcastReachesEveryReceiverInOrder() {
        LoadResult r = LoadGenerator.run(LoadOptions.broadcast(url(server, "/broadcast"), 20)
                .interval(Duration.ofMillis(10)).warmup(WARMUP).duration(DURATION));
        assertClean(r);
        assertThat(r.published).isPositive();
        assertThat(r.opened).isEqualTo(21); // the receivers and the publisher
    }

    @Test
    void groupBroadcastReachesEveryMemberOfItsGroupOnly() throws Exception {
        // Two groups at once: a message of the other group would arrive out of sequence (an error).
        CompletableFuture<LoadResult> a = CompletableFuture.supplyAsync(() -> LoadGenerator.run(
                LoadOptions.broadcast(url(server, "/group/a"), 10).interval(Duration.ofMillis(10)).warmup(WARMUP).duration(DURATION)));
        LoadResult b = LoadGenerator.run(LoadOptions.broadcast(url(server, "/group/b"), 10)
                .interval(Duration.ofMillis(10)).warmup(WARMUP).duration(DURATION));
        assertClean(a.get(30, TimeUnit.SECONDS));
        assertClean(b);
    }

    @Test
    void connectOnlyGivesUpOnTheRestOnceTheServerLeavesAConnectionUnanswered() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI silentUrl = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/echo");

            LoadResult r = LoadGenerator.connectOnly(LoadOptions.connectOnly(silentUrl, 1_000)
                    .connectTimeout(Duration.ofMillis(500)), Duration.ofMillis(100));

            assertThat(r.opened).isZero();
            assertThat(r.errors).isEqualTo(1_000);
            assertThat(r.errorSamples).anyMatch(e -> e.startsWith("not tried: the server left a connection unanswered"));
        }
    }

    @Test
    void connectOnlyOpensAndHoldsIdleConnections() {
        LoadResult r = LoadGenerator.connectOnly(LoadOptions.connectOnly(url(server, "/echo"), 50), Duration.ofMillis(100));
        assertThat(r.errorSamples).isEmpty();
        assertThat(r.opened).isEqualTo(50);
        assertThat(r.dropped).isZero();
    }

    @Test
    void noticesAlteredEchoes() {
        LoadResult r = LoadGenerator.run(LoadOptions.echo(url(corrupting, "/echo"), 2, 1, 32, false)
                .warmup(Duration.ZERO).duration(DURATION));
        assertThat(r.errors).isPositive();
        assertThat(r.errorSamples).anyMatch(e -> e.contains("differs from what was sent"));
    }

    @Test
    void aServerThatDeclinesCompressionFailsARunThatOffersIt() {
        // the engine here has CompressionConfig.DISABLED: a plain row labelled compressed would mislead
        LoadResult r = LoadGenerator.run(LoadOptions.echo(url(server, "/echo"), 2, 1, 1024, false).json(true)
                .deflate(DeflateOffer.NO_CONTEXT_TAKEOVER).warmup(Duration.ZERO).duration(DURATION));
        assertThat(r.opened).isZero();
        assertThat(r.errorSamples).anyMatch(e -> e.startsWith("the server declined permessage-deflate"));
    }

    @Test
    void noticesBinaryEchoedAsText() {
        LoadResult r = LoadGenerator.run(LoadOptions.echo(url(corrupting, "/echo"), 1, 1, 32, true)
                .warmup(Duration.ZERO).duration(DURATION));
        assertThat(r.errorSamples).anyMatch(e -> e.contains("sent binary, echoed as text"));
    }
}
