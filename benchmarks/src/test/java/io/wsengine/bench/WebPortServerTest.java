package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code starter-web-port} servers (the starter's endpoints on Tomcat's port, and on Jetty's) as
 * the runner starts them, each in a JVM of its own: each comes up, upgrades on the web port and
 * echoes text and 64 KiB binary messages intact, in under a second of load. They run only when
 * named. Never measured here.
 */
@Timeout(90)
class WebPortServerTest {

    @Test
    void runsWhenNamedOnly() {
        assertThat(RunnerSettings.parse(new String[0]).servers).extracting(ServerProcess.Spec::name)
                .doesNotContain("starter-web-port", "starter-web-port-event-loop", "starter-web-port-jetty").contains("tomcat");
        assertThat(RunnerSettings.parse(new String[] {"--servers", "starter-web-port,tomcat"}).servers)
                .extracting(ServerProcess.Spec::mainClass)
                .containsExactly("io.wsengine.bench.StarterWebPortApp", "io.wsengine.bench.TomcatEchoApp");
    }

    @ParameterizedTest
    @CsvSource({"starter-web-port, Tomcat", "starter-web-port-jetty, Jetty"})
    void startsOnTheContainersPortAndEchoes(String server, String container, @TempDir Path logs) throws IOException {
        ServerProcess.Spec spec = RunnerSettings.SERVERS.stream().filter(s -> s.name().equals(server))
                .findFirst().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (ServerProcess process = ServerProcess.start(spec, List.of(), java, List.of("-Xmx256m"), logs, "")) {
            process.awaitReady(Duration.ofSeconds(60)); // a ws:// upgrade on /echo, on the container's port

            for (LoadOptions o : List.of(LoadOptions.echo(process.url("/echo"), 10, 4, 32, false),
                    LoadOptions.echo(process.url("/echo"), 2, 2, 64 * 1024, true))) {
                LoadResult r = LoadGenerator.run(o.warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(500))
                        .serverPid(process.pid()));
                assertThat(r.errorSamples).as("%s%n%s", o, process.logTail()).isEmpty();
                assertThat(r.errors).isZero();
                assertThat(r.messages).isPositive();
            }
            assertThat(Files.readString(process.log)).contains("starter on " + container + "'s port (serve-on web-port");
        }
    }
}
