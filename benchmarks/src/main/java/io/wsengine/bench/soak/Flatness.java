package io.wsengine.bench.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Judges whether the samples after warm-up are flat: for each figure, the growth is the median of
 * the last three samples minus the median of the first three after warm-up (medians, so that one
 * noisy sample at either end neither hides nor fakes a trend), and it must not exceed the slack.
 */
final class Flatness {
    /** With fewer samples after warm-up, a start and an end cannot be told apart. */
    static final int MIN_SAMPLES = 4;

    /** One figure's verdict. */
    record Growth(String metric, double start, double end, double slack, String unit) {
        boolean ok() {
            return end - start <= slack;
        }

        String describe() {
            String u = unit.isEmpty() ? "" : " " + unit;
            return String.format(Locale.ROOT, "%s %s%s%s (%s -> %s%s, slack %s%s)", metric, end - start >= 0 ? "+" : "",
                    number(end - start), u, number(start), number(end), u, number(slack), u);
        }

        private String number(double value) {
            String format = !unit.isEmpty() ? "%.2f" : value == Math.rint(value) ? "%.0f" : "%.1f";
            return String.format(Locale.ROOT, format, value);
        }
    }

    private Flatness() {
    }

    /** The samples judged: those taken at or after the warm-up. */
    static List<ServerSample> afterWarmup(List<ServerSample> samples, double warmupSeconds) {
        return samples.stream().filter(s -> s.seconds() >= warmupSeconds).toList();
    }

    /** One growth per figure; empty when there are too few samples to judge (a failure of its own). */
    static List<Growth> growths(List<ServerSample> judged, Slack slack) {
        if (judged.size() < MIN_SAMPLES) {
            return List.of();
        }
        List<Growth> g = new ArrayList<>();
        g.add(growth(judged, "open descriptors", s -> s.fds(), slack.fds(), ""));
        g.add(growth(judged, "threads", s -> s.threads(), slack.threads(), ""));
        g.add(growth(judged, "live heap", s -> s.liveHeapBytes() / 1048576.0, slack.liveHeapBytes() / 1048576.0, "MiB"));
        g.add(growth(judged, "RSS", s -> s.rssKiB() / 1024.0, slack.rssKiB() / 1024.0, "MiB"));
        return g;
    }

    private static Growth growth(List<ServerSample> judged, String metric, ToDoubleFunction<ServerSample> figure,
                                 double slack, String unit) {
        int n = Math.min(3, judged.size() / 2);
        double start = median(judged.subList(0, n), figure);
        double end = median(judged.subList(judged.size() - n, judged.size()), figure);
        return new Growth(metric, start, end, slack, unit);
    }

    static double median(List<ServerSample> samples, ToDoubleFunction<ServerSample> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** True when any sample lacks a figure (-1): the process could not be read. */
    static boolean incomplete(List<ServerSample> samples) {
        return samples.stream().anyMatch(s -> Arrays.stream(new long[] {s.fds(), s.threads(), s.liveHeapBytes(), s.rssKiB()})
                .anyMatch(v -> v < 0));
    }
}
