package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsHandler;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workload F's client against an in-process engine, with messages small enough to take milliseconds. */
@Timeout(60)
class AssemblyBenchmarkTest {
    private static final AssemblyBenchmark.Case SMALL = new AssemblyBenchmark.Case("64 KiB in 64 B fragments", 64 << 10, 64);

    private static WsServer server;
    private static WsServer silent;

    @BeforeAll
    static void start() {
        server = EngineServers.start(0, 1, 16 << 10);
        silent = new WsServer(WsServerConfig.builder().bindAddress("127.0.0.1")
                .route("/large", new WsHandler() { }) // takes every message, answers none
                .build()).start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
        silent.stop(Duration.ofSeconds(1));
    }

    private static URI url(WsServer s, String path) {
        return URI.create("ws://127.0.0.1:" + s.port() + path);
    }

    @Test
    void timesAFragmentedMessageEchoedWhole() {
        AssemblyBenchmark.Attempt a = AssemblyBenchmark.once(url(server, AssemblyBenchmark.PATH), SMALL, Duration.ofSeconds(30));

        assertThat(a.error()).isNull();
        assertThat(a.millis()).isPositive();
    }

    @Test
    void reportsTheCloseOfAServerWhoseLimitIsTooSmall() {
        // /echo keeps the server's 16 KiB limit: the 64 KiB message closes 1009 (RFC 6455 section 7.4.1).
        AssemblyBenchmark.Attempt a = AssemblyBenchmark.once(url(server, "/echo"), SMALL, Duration.ofSeconds(30));

        assertThat(a.ok()).isFalse();
        assertThat(a.error()).contains("close 1009");
    }

    @Test
    void stopsByItselfWhenNoEchoComes() {
        long start = System.nanoTime();

        // 2 s: room for the upgrade on a machine that other builds keep busy.
        AssemblyBenchmark.Result r = AssemblyBenchmark.measure(url(silent, AssemblyBenchmark.PATH),
                java.util.List.of(SMALL), 3, Duration.ofSeconds(2)).get(0);

        assertThat(r.attempts()).hasSize(1); // the rest skipped after the timeout
        assertThat(r.firstError()).startsWith("timed out");
        assertThat(r.medianMillis()).isNaN();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15)); // warm-up + 1 attempt
    }
}
