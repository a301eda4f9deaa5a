package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.EchoServer;
import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a flood of TLS handshakes does to the open sessions of the same loops: one session echoes
 * round trips while many clients handshake at once, and the round trips' latency is printed with
 * the flood's duration. A measurement, not a check of the default build: run it with
 * {@code ./mvnw -pl ws-engine test -Dtest=HandshakeFloodMeasurement -Dwsengine.measure=true}
 * (add {@code -Dflood.maxHandshakes=N} to change the handshakes per loop, {@code -Dflood.taskThreads=N}
 * the handshake threads). Figures in {@code docs/internals.md}.
 */
@EnabledIfSystemProperty(named = "wsengine.measure", matches = "true")
class HandshakeFloodMeasurement {
    private static final int FLOOD = 2000;
    private static final int CLIENT_THREADS = 32;
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void openSessionsDuringAHandshakeFlood() throws Exception {
        int maxHandshakes = Integer.getInteger("flood.maxHandshakes", 16);
        int taskThreads = Integer.getInteger("flood.taskThreads", 1);
        WsServer server = servers.start(TestServers.local()
                .eventLoops(2)
                .tls(TlsConfig.builder(TestCertificates.serverContext()).maxHandshakesPerLoop(maxHandshakes)
                        .handshakeThreads(taskThreads).build())
                .handshakeTimeout(java.time.Duration.ofSeconds(30))
                .route("/echo", new EchoServer.EchoHandler()));
        SSLContext client = TestCertificates.clientContext();
        for (int warm = 0; warm < 200; warm++) {
            try (RawWsClient c = RawWsClient.openTls(server.port(), "/echo", client)) {
                c.sendText("warm");
                c.readFrame();
            }
        }
        List<RawWsClient> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probes.add(RawWsClient.openTls(server.port(), "/echo", client)); // dealt to both loops
        }
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> latencies = new ArrayList<>();
        Thread prober = new Thread(() -> {
            try {
                while (flooding.get()) {
                    for (RawWsClient probe : probes) {
                        long start = System.nanoTime();
                        probe.sendText("probe");
                        probe.readFrame();
                        latencies.add(System.nanoTime() - start);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        long start = System.nanoTime();
        prober.start();
        List<Future<?>> floods = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            floods.add(pool.submit(() -> {
                try (RawWsClient c = RawWsClient.openTls(server.port(), "/echo", client)) {
                    return null;
                }
            }));
        }
        for (Future<?> flood : floods) {
            flood.get(120, TimeUnit.SECONDS);
        }
        long floodMillis = (System.nanoTime() - start) / 1_000_000;
        flooding.set(false);
        prober.join(30_000);
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray(); // the prober has ended
        assertThat(sorted).isNotEmpty();
        System.out.printf("handshake flood: %d handshakes in %d ms (%.0f/s), maxHandshakesPerLoop %d;"
                        + " handshakeThreads %d; probe round trips %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                FLOOD, floodMillis, FLOOD * 1000.0 / floodMillis, maxHandshakes, taskThreads, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        for (RawWsClient probe : probes) {
            probe.close();
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
