package io.wsengine.bench.soak;

import io.wsengine.bench.ServerProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * What the soak of one server found, and its verdict: it passes when the samples after warm-up are
 * flat within the slack, every client got the answers it expected, and no held connection dropped.
 *
 * @param dropped held idle connections that were no longer open at the end; -1 if not known
 * @param abort   why the soak stopped early, or null
 */
record SoakResult(ServerProcess.Spec server, SoakSettings settings, List<ServerSample> samples, ScenarioStats stats,
                  int dropped, String abort) {

    List<ServerSample> judged() {
        return Flatness.afterWarmup(samples, settings.warmup.toNanos() / 1e9);
    }

    List<Flatness.Growth> growths() {
        return Flatness.growths(judged(), settings.slack);
    }

    /** Each reason the server fails the soak, naming the figure and how much it grew; empty when it passes. */
    List<String> failures() {
        List<String> f = new ArrayList<>();
        if (abort != null) {
            f.add(abort);
        }
        if (Flatness.incomplete(samples)) {
            f.add("some samples lack a figure (the process or jcmd could not be read)");
        }
        int judged = judged().size();
        if (judged < Flatness.MIN_SAMPLES) {
            f.add("only " + judged + " samples after the warm-up of " + settings.warmup.toSeconds() + " s; "
                    + Flatness.MIN_SAMPLES + " are needed to tell a start from an end");
        }
        for (Flatness.Growth g : growths()) {
            if (!g.ok()) {
                f.add(g.metric() + " grew after warm-up, over its slack: " + g.describe());
            }
        }
        if (stats.errors() > 0) {
            f.add(stats.errors() + " client error(s), such as: " + String.join(" | ", stats.errorSamples().subList(0,
                    Math.min(5, stats.errorSamples().size()))));
        }
        if (dropped > 0) {
            f.add(dropped + " of the " + settings.heldConnections + " held idle connections were dropped");
        }
        return f;
    }

    boolean passed() {
        return failures().isEmpty();
    }
}
