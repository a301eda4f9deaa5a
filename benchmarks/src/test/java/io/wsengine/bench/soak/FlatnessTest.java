package io.wsengine.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's verdict on made-up samples: what counts as growth, and how a failure reads. */
class FlatnessTest {
    private static final long MIB = 1 << 20;

    /** Samples every 10 s from 0 to 90 s; the heap grows by {@code heapStep} bytes per sample. */
    private static List<ServerSample> samples(long heapStep, int fdStep) {
        List<ServerSample> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(new ServerSample(i * 10, 300 + i * fdStep, 200 + i * fdStep, 30, 20 * MIB + i * heapStep,
                    400 * 1024, i * 1000L, 0));
        }
        return list;
    }

    private static SoakResult result(List<ServerSample> samples, int dropped) {
        SoakSettings settings = new SoakSettings();
        settings.warmup = java.time.Duration.ofSeconds(25);
        settings.heldConnections = 100;
        return new SoakResult(SoakSettings.SERVERS.get(0), settings, samples, new ScenarioStats(), dropped, null);
    }

    @Test
    void flatSamplesPass() {
        SoakResult r = result(samples(0, 0), 0);

        assertThat(r.failures()).isEmpty();
        assertThat(r.judged()).hasSize(7); // 30 s to 90 s: the first three are the warm-up
    }

    @Test
    void aGrowingHeapFailsNamingTheFigureAndItsGrowth() {
        SoakResult r = result(samples(MIB + MIB / 4, 0), 0); // medians 4 samples apart: 5 MiB more

        assertThat(r.failures()).singleElement().asString()
                .isEqualTo("live heap grew after warm-up, over its slack: live heap +5.00 MiB (25.00 -> 30.00 MiB, slack 2.00 MiB)");
    }

    @Test
    void growthWithinTheSlackPasses() {
        assertThat(result(samples(MIB / 2, 2), 0).failures()).isEmpty(); // +2 MiB and +8 descriptors: at the slack of the 10-minute soak
    }

    @Test
    void descriptorsThatKeepGrowingFail() {
        assertThat(result(samples(0, 3), 0).failures()).singleElement().asString().contains("open descriptors +12");
    }

    @Test
    void oneNoisySampleAtTheEndIsNotATrend() {
        List<ServerSample> s = samples(0, 0);
        ServerSample last = s.remove(s.size() - 1);
        s.add(new ServerSample(last.seconds(), last.fds() + 50, last.sockets(), last.threads() + 20,
                last.liveHeapBytes() + 50 * MIB, last.rssKiB(), last.connections(), 0));

        assertThat(result(s, 0).failures()).isEmpty();
    }

    @Test
    void tooFewSamplesAfterWarmupFail() {
        assertThat(result(samples(0, 0).subList(0, 5), 0).failures()).singleElement().asString()
                .startsWith("only 2 samples after the warm-up");
    }

    @Test
    void droppedHeldConnectionsFail() {
        assertThat(result(samples(0, 0), 3).failures()).containsExactly("3 of the 100 held idle connections were dropped");
    }
}
