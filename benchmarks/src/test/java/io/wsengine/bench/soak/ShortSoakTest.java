package io.wsengine.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak in about 30 s ({@link SoakSettings#inBuild()}): the engine and the starter, each in a
 * server JVM of its own, under every kind of traffic the 10-minute soak plays, sampled every 4 s,
 * with the same flatness checks at looser bounds ({@link Slack#SHORT}). The 10-minute soak is
 * {@code SoakRunner}'s default and never runs in the build.
 */
class ShortSoakTest {

    @Test
    @Timeout(120)
    void descriptorsThreadsHeapAndRssStayFlatUnderChurn() throws Exception {
        SoakSettings settings = SoakSettings.inBuild();
        settings.logDir = Path.of("target", "soak-logs"); // the servers' output, beside the test reports
        long start = System.nanoTime();

        List<SoakResult> results = SoakRunner.run(settings, line -> System.out.println("[soak] " + line));

        String report = SoakReport.render(results, settings, "ShortSoakTest", "the build's machine",
                (System.nanoTime() - start) / 60e9);
        assertThat(results).hasSize(2);
        for (SoakResult r : results) {
            assertThat(r.failures()).as("%s soak failed:%n%s", r.server().name(), report).isEmpty();
            assertThat(r.stats().connections()).as("connections churned on %s", r.server().name()).isGreaterThan(1000);
            for (Scenario s : Scenario.values()) {
                assertThat(r.stats().runs(s)).as("%s runs on %s", s, r.server().name()).isPositive();
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }
}
