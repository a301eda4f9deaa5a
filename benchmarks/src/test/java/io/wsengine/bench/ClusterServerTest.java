package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code starter-cluster-2} server as the runner starts it: a redis-server of its own and two
 * starter JVMs on it. A broadcast sent on node 1 reaches a client of node 2, and the generator's
 * broadcast with receivers on both nodes loses nothing. Where redis-server is missing the test is
 * skipped and says so, except under CI ({@code CI=true}), where that is a failure. Never measured here.
 */
@Timeout(60)
class ClusterServerTest {

    @Test
    void runsWhenNamedAndForEOnly() {
        assertThat(RunnerSettings.parse(new String[0]).servers).extracting(ServerProcess.Spec::name)
                .doesNotContain(RunnerSettings.CLUSTER);
        ServerProcess.Spec cluster = RunnerSettings.parse(new String[] {"--servers", "starter-executor,starter-cluster-2"})
                .servers.get(1);
        assertThat(cluster.nodes()).isEqualTo(2);
        assertThat(BenchmarkRunner.runs(cluster, BenchmarkRunner.Workload.E)).isTrue();
        assertThat(BenchmarkRunner.runs(cluster, BenchmarkRunner.Workload.A)).isFalse();
        assertThat(BenchmarkRunner.runs(cluster, BenchmarkRunner.Workload.D)).isFalse();
    }

    @Test
    void spreadsReceiversOverTheGivenUrls() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "ws://127.0.0.1:1/broadcast", "--broadcast-receivers", "4",
                "--receiver-urls", "ws://127.0.0.1:1/broadcast,ws://127.0.0.1:2/broadcast"});
        assertThat(o.urlOf(-1).getPort()).as("the publisher").isEqualTo(1);
        assertThat(List.of(o.urlOf(0), o.urlOf(1), o.urlOf(2), o.urlOf(3))).extracting(URI::getPort)
                .containsExactly(1, 2, 1, 2);
    }

    @Test
    void broadcastsFromNodeOneReachNodeTwo(@TempDir Path logs) throws IOException {
        if (RedisProcess.findBinary() == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(RedisProcess.MISSING + " (CI needs it)");
            }
            Assumptions.abort(RedisProcess.MISSING + ": test skipped");
        }
        ServerProcess.Spec spec = RunnerSettings.SERVERS.stream().filter(s -> s.name().equals(RunnerSettings.CLUSTER))
                .findFirst().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: the JVMs start faster, and nothing here is measured.
        List<String> jvm = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

        try (ServerProcess cluster = ServerProcess.start(spec, List.of(), java, jvm, logs, "")) {
            cluster.awaitReady(Duration.ofSeconds(40)); // both nodes upgrade on /echo and are subscribed to the bus
            List<URI> nodes = cluster.urls("/broadcast");
            assertThat(nodes).hasSize(2);
            assertThat(cluster.redisPid()).isPositive();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (BlockingWsClient onTwo = BlockingWsClient.open(nodes.get(1), deadline);
                 BlockingWsClient onOne = BlockingWsClient.open(nodes.get(0), deadline)) {
                onOne.send(BlockingWsClient.TEXT, "over redis".getBytes(StandardCharsets.UTF_8));
                BlockingWsClient.Frame frame = onTwo.readMessage();
                assertThat(frame.opcode()).isEqualTo(BlockingWsClient.TEXT);
                assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("over redis");
            }

            LoadResult r = LoadGenerator.run(LoadOptions.broadcast(nodes.get(0), 10).receiverUrls(nodes)
                    .warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(5))
                    .serverPids(cluster.pids()).brokerPid(cluster.redisPid()));
            assertThat(r.errorSamples).as("%s", cluster.logTail()).isEmpty();
            assertThat(r.errors).isZero();
            assertThat(r.opened).isEqualTo(11);
            assertThat(r.messages).as("deliveries of messages published in the window").isPositive();
            assertThat(r.serverProcesses).isEqualTo(2);
            assertThat(r.brokerCpuPercent).as("Redis's CPU, from /proc").isGreaterThanOrEqualTo(0);
        }
    }
}
