package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's compression against a server that really compresses: {@code netty-deflate} as the
 * runner starts it, in a JVM of its own. Every echo is inflated and checked byte for byte, so a
 * framing mistake on either side is an error. Also what the runner lists and offers. Never measured here.
 */
@Timeout(60)
class CompressingServersTest {

    @Test
    void deflateServersRunWhenNamedOnlyAndAreOfferedCompression() {
        assertThat(RunnerSettings.parse(new String[0]).servers).noneMatch(ServerProcess.Spec::deflate);
        assertThat(RunnerSettings.parse(new String[0]).workloads).doesNotContain(BenchmarkRunner.Workload.G,
                BenchmarkRunner.Workload.H);
        List<ServerProcess.Spec> named = RunnerSettings.parse(new String[] {"--servers",
                "engine-deflate,engine-deflate-takeover,starter-deflate,netty-deflate,jetty-deflate"}).servers;
        assertThat(named).allMatch(ServerProcess.Spec::deflate);
        assertThat(named.get(0).args()).contains("--compression=true");
        assertThat(named.get(2).args()).contains("--ws.server.compression.enabled=true");
        assertThat(BenchmarkRunner.offer(named.get(3), BenchmarkRunner.Workload.G)).isEqualTo(DeflateOffer.NO_CONTEXT_TAKEOVER);
        assertThat(BenchmarkRunner.offer(named.get(3), BenchmarkRunner.Workload.D)).isNull(); // D stays plain: H is its twin
        assertThat(BenchmarkRunner.runs(RunnerSettings.SERVERS.get(0), BenchmarkRunner.Workload.H)).isFalse();
    }

    @Test
    void echoesCompressedWithAndWithoutContextTakeoverAgainstNetty(@TempDir Path logs) {
        ServerProcess.Spec spec = RunnerSettings.SERVERS.stream().filter(s -> s.name().equals("netty-deflate"))
                .findFirst().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (ServerProcess netty = ServerProcess.start(spec, List.of(), java, List.of("-Xmx128m"), logs, "")) {
            netty.awaitReady(Duration.ofSeconds(30));

            for (DeflateOffer offer : DeflateOffer.values()) {
                LoadResult r = LoadGenerator.run(LoadOptions.echo(netty.url("/echo"), 4, 2, 1024, false).json(true)
                        .deflate(offer).warmup(Duration.ofMillis(100)).duration(Duration.ofMillis(400)));
                assertThat(r.errorSamples).as("%s%n%s", offer, netty.logTail()).isEmpty();
                assertThat(r.messages).isPositive();
                assertThat(r.extensions).startsWith("permessage-deflate");
                assertThat(r.wireBytesReceivedPerMessage).as("compressed echoes").isPositive().isLessThan(512);
                assertThat(r.wireBytesSentPerMessage).as("compressed sends").isPositive().isLessThan(512);
            }
            // uncompressed, the same text costs its size and a header each way
            LoadResult plain = LoadGenerator.run(LoadOptions.echo(netty.url("/echo"), 2, 1, 1024, false).json(true)
                    .warmup(Duration.ZERO).duration(Duration.ofMillis(300)));
            assertThat(plain.errorSamples).isEmpty();
            assertThat(plain.extensions).isNull();
            assertThat(plain.wireBytesReceivedPerMessage).isCloseTo(1028.0, within(8.0)); // the window is cut to within a read batch

            // H: idle connections, each after one compressed echo
            LoadResult idle = LoadGenerator.connectOnly(LoadOptions.connectOnly(netty.url("/echo"), 20).size(1024)
                    .json(true).deflate(DeflateOffer.CONTEXT_TAKEOVER), Duration.ofMillis(100));
            assertThat(idle.errorSamples).isEmpty();
            assertThat(idle.opened).isEqualTo(20);
            assertThat(idle.extensions).isEqualTo("permessage-deflate");
        }
    }
}
