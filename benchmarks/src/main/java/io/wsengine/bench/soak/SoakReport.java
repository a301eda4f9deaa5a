package io.wsengine.bench.soak;

import io.wsengine.bench.Durations;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's markdown: the run, then per server its samples, what the clients did and the verdict. */
final class SoakReport {
    private SoakReport() {
    }

    /** One line per sample while the soak runs. */
    static String progress(String server, ServerSample s) {
        return String.format(Locale.ROOT, "%-8s %5.0f s: %d descriptors (%d sockets), %d threads, live heap %.2f MiB,"
                        + " RSS %.1f MiB; %,d connections so far, %d errors",
                server, s.seconds(), s.fds(), s.sockets(), s.threads(), s.liveHeapBytes() / 1048576.0, s.rssKiB() / 1024.0,
                s.connections(), s.errors());
    }

    static String render(List<SoakResult> results, SoakSettings settings, String command, String machine, double minutes) {
        StringBuilder b = new StringBuilder();
        b.append("## wsengine soak, ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(": ").append(results.stream().allMatch(SoakResult::passed) ? "PASS" : "**FAIL**").append("\n\n");
        b.append("- command: `").append(command).append("`\n");
        b.append("- machine: ").append(machine).append('\n');
        b.append("- servers' JVM: ").append(String.join(" ", settings.jvmArgs())).append("; each server soaked at the same time,"
                + " by its own clients\n");
        b.append(String.format(Locale.ROOT, "- %s with a sample every %s, judged after a warm-up of %s; took %.1f min%n",
                Durations.format(settings.duration), Durations.format(settings.interval),
                Durations.format(settings.warmup), minutes));
        b.append(String.format(Locale.ROOT, "- per server: %,d held idle connections; churn waves of %,d; broadcast storms of %d"
                        + " receivers on /broadcast and %d on a group, a message every %s; echo runs of %d connections;"
                        + " %d light and %d heavy scenario threads%n",
                settings.heldConnections, settings.churnConnections, settings.stormReceivers, settings.groupStormReceivers,
                Durations.format(settings.stormInterval), settings.echoConnections, settings.lightClients,
                settings.heavyClients));
        b.append("- slack after warm-up: ").append(settings.slack.describe()).append("\n\n");
        for (SoakResult r : results) {
            server(b, r);
        }
        return b.toString();
    }

    private static void server(StringBuilder b, SoakResult r) {
        b.append("### ").append(r.server().name()).append(": ").append(r.passed() ? "PASS" : "**FAIL**").append("\n\n");
        b.append(r.server().description()).append(".\n\n");
        b.append("| s | descriptors | sockets | threads | live heap MiB | RSS MiB | connections so far | errors |\n");
        b.append("|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        double warmup = r.settings().warmup.toNanos() / 1e9;
        for (ServerSample s : r.samples()) {
            b.append(String.format(Locale.ROOT, "| %s%.0f | %d | %d | %d | %.2f | %.1f | %,d | %d |%n",
                    s.seconds() < warmup ? "(warm-up) " : "", s.seconds(), s.fds(), s.sockets(), s.threads(),
                    s.liveHeapBytes() / 1048576.0, s.rssKiB() / 1024.0, s.connections(), s.errors()));
        }
        b.append("\nGrowth after warm-up (median of the last 3 samples minus median of the first 3): ");
        List<Flatness.Growth> growths = r.growths();
        b.append(growths.isEmpty() ? "too few samples" : String.join("; ", growths.stream().map(Flatness.Growth::describe).toList()))
                .append(".\n\n");
        b.append("Scenarios (runs / failures): ");
        StringBuilder runs = new StringBuilder();
        for (Scenario s : Scenario.values()) {
            if (runs.length() > 0) {
                runs.append(", ");
            }
            runs.append(s.name().toLowerCase(Locale.ROOT)).append(' ').append(String.format(Locale.ROOT, "%,d", r.stats().runs(s)))
                    .append(" / ").append(r.stats().failures(s));
        }
        b.append(runs).append(".");
        Map<String, Long> notes = r.stats().notes();
        if (!notes.isEmpty()) {
            b.append(" Outcomes: ");
            b.append(String.join("; ", notes.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList()));
            b.append('.');
        }
        b.append(String.format(Locale.ROOT, " Held idle connections dropped: %s.%n%n", r.dropped() < 0 ? "unknown" : r.dropped()));
        List<String> failures = r.failures();
        b.append(failures.isEmpty() ? "Verdict: **PASS**, every figure flat within its slack, no client error.\n\n"
                : "Verdict: **FAIL**\n\n" + String.join("\n", failures.stream().map(f -> "- " + f).toList()) + "\n\n");
    }
}
