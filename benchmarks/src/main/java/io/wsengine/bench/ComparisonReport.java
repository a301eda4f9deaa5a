package io.wsengine.bench;

import io.wsengine.bench.BenchmarkRunner.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The comparison's markdown: what ran where, then a table per workload of the medians over the rounds. */
final class ComparisonReport {
    private final RunnerSettings settings;
    private final int cpus;
    private final CpuPinning pinning;
    private final Map<Workload, Map<String, List<LoadResult>>> results;
    private final Map<String, List<AssemblyBenchmark.Result>> assembly;
    private final Map<String, String> serverProblems;
    private final Map<String, String> negotiated;

    ComparisonReport(RunnerSettings settings, int cpus, CpuPinning pinning, Map<Workload, Map<String, List<LoadResult>>> results,
                     Map<String, List<AssemblyBenchmark.Result>> assembly, Map<String, String> serverProblems,
                     Map<String, String> negotiated) {
        this.settings = settings;
        this.cpus = cpus;
        this.pinning = pinning;
        this.results = results;
        this.assembly = assembly;
        this.serverProblems = serverProblems;
        this.negotiated = negotiated;
    }

    /**
     * The server a row's "vs" column divides by: {@code peer} for a plain server, its TLS twin
     * ({@code netty-tls}) for a TLS one, so that TLS is compared with TLS.
     */
    private String reference(String server, String peer) {
        boolean tls = settings.servers.stream().anyMatch(s -> s.name().equals(server) && s.tls());
        return tls ? peer + "-tls" : peer;
    }

    String render(double minutes, String loadBefore, String loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append("## wsengine benchmark: ").append(settings.quick ? "quick" : "full").append(" run, ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append("\n\n");
        b.append("- machine: ").append(cpus).append(" cores, ")
                .append(memory()).append(", load average ").append(loadBefore).append(" before, ").append(loadAfter)
                .append(" after\n");
        b.append("- servers: ").append(javaVersion(settings.java)).append(", ").append(String.join(" ", settings.jvmArgs))
                .append("; load generator: Java ").append(System.getProperty("java.version")).append(" in the runner's JVM, ")
                .append(settings.threads).append(" selector thread(s)\n");
        b.append("- ").append(pinning.describe()).append('\n');
        b.append(String.format(Locale.ROOT, "- %d round(s), each run %s warm-up + %s measured; D with %,d connections, E with %,d receivers%s; took %.1f min%n",
                settings.rounds, Durations.format(settings.warmup), Durations.format(settings.duration),
                settings.idleConnections, settings.receivers, settings.workloads.contains(Workload.H)
                        ? String.format(Locale.ROOT, ", H with %,d per pass", settings.compressedIdleConnections) : "", minutes));
        b.append("- figures are medians over the rounds; \"vs\" columns divide by Netty's and Tomcat's medians"
                + " (a TLS row's by those of the same server over TLS); CPU is in % of one core (200% = the whole machine)\n");
        if (!negotiated.isEmpty()) {
            List<String> sessions = new ArrayList<>();
            negotiated.forEach((name, session) -> sessions.add(name + " " + session));
            b.append("- TLS: ").append(String.join(", ", sessions)).append("; one self-signed EC P-256 key for all (keytool);"
                    + " every connection a full handshake (the generator resumes no session)\n");
        }
        serverProblems.forEach((name, problem) -> b.append("- **").append(name).append(" did not run**: ").append(problem).append('\n'));
        b.append('\n');
        for (Workload w : settings.workloads) {
            b.append("### ").append(w).append(": ").append(w.description).append("\n\n");
            switch (w) {
                case A, B, C -> echoTable(b, w);
                case D -> idleTable(b);
                case E -> broadcastTable(b);
                case F -> assemblyTable(b);
                case G -> new CompressionReport(settings, results).echoTable(b);
                case H -> new CompressionReport(settings, results).idleTable(b);
            }
            b.append('\n');
        }
        b.append("Servers: ");
        List<String> names = new ArrayList<>();
        for (ServerProcess.Spec s : settings.servers) {
            names.add("`" + s.name() + "` = " + s.description());
        }
        b.append(String.join("; ", names)).append(".\n");
        return b.toString();
    }

    private void echoTable(StringBuilder b, Workload w) {
        boolean mb = w == Workload.C;
        ToDoubleFunction<LoadResult> rate = mb ? r -> r.megabytesPerSecond : r -> r.messagesPerSecond;
        b.append("| server | ").append(mb ? "MB/s" : "msgs/s").append(" | vs Netty | vs Tomcat | p50 ms | p99 ms | server CPU | server us/msg | generator CPU | generator-bound | server RSS MiB | errors |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|--:|--:|\n");
        Map<String, List<LoadResult>> perServer = results.get(w);
        perServer.forEach((server, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            double value = median(runs, rate);
            double netty = median(perServer.get(reference(server, "netty")), rate);
            double tomcat = median(perServer.get(reference(server, "tomcat")), rate);
            b.append("| ").append(server)
                    .append(" | ").append(mb ? String.format(Locale.ROOT, "%,.1f", value) : String.format(Locale.ROOT, "%,.0f", value))
                    .append(" | ").append(ratio(value, netty))
                    .append(" | ").append(ratio(value, tomcat))
                    .append(" | ").append(ms(median(runs, r -> r.p50Micros)))
                    .append(" | ").append(ms(median(runs, r -> r.p99Micros)))
                    .append(" | ").append(percent(median(runs, r -> r.serverCpuPercent)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(runs, r -> r.serverCpuMicrosPerMessage)))
                    .append(" | ").append(percent(median(runs, r -> r.generatorCpuPercent)))
                    .append(" | ").append(runs.stream().anyMatch(LoadResult::generatorBound) ? "**yes**" : "no")
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", median(runs, r -> r.serverRssKiB) / 1024))
                    .append(" | ").append(errors(runs))
                    .append(" |\n");
        });
    }

    private void idleTable(StringBuilder b) {
        b.append("| server | connections | RSS KiB/conn, fresh | RSS KiB/conn, again | vs Netty | vs Tomcat"
                + " | live heap KiB/conn | vs Netty | opened in s | errors |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        Map<String, List<LoadResult>> perServer = results.get(Workload.D);
        perServer.forEach((server, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            double nettyRss = again(perServer.get(reference(server, "netty")), LoadResult::rssPerConnectionKiB);
            double tomcatRss = again(perServer.get(reference(server, "tomcat")), LoadResult::rssPerConnectionKiB);
            double nettyHeap = fresh(perServer.get(reference(server, "netty")), LoadResult::liveHeapPerConnectionKiB);
            double rss = again(runs, LoadResult::rssPerConnectionKiB);
            double heap = fresh(runs, LoadResult::liveHeapPerConnectionKiB);
            b.append("| ").append(server)
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", runs.get(0).opened))
                    .append(" | ").append(kib(fresh(runs, LoadResult::rssPerConnectionKiB)))
                    .append(" | ").append(kib(rss))
                    .append(" | ").append(ratio(rss, nettyRss))
                    .append(" | ").append(ratio(rss, tomcatRss))
                    .append(" | ").append(kib(heap))
                    .append(" | ").append(ratio(heap, nettyHeap))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", median(runs, r -> r.connectSeconds)))
                    .append(" | ").append(errors(runs))
                    .append(" |\n");
        });
        b.append("\n(lower is better: growth after `jcmd GC.run` + `GC.class_histogram`, divided by the connections"
                + " open; \"fresh\": the first N connections on a fresh server, whose RSS includes heap pages the"
                + " handshakes' garbage touched for the first time; \"again\": the same N once more after those were"
                + " reset, closer to what a connection retains; RSS ratios from the second; live heap from the first, since a"
                + " server that pools buffers reuses the first round's pool in the second)\n");
    }

    /** The figure of a server's first D measurement, on the fresh server. */
    private static double fresh(List<LoadResult> runs, ToDoubleFunction<LoadResult> figure) {
        return runs == null || runs.isEmpty() ? Double.NaN : figure.applyAsDouble(runs.get(0));
    }

    /** The figure of a server's second D measurement; none when the first failed and it was skipped. */
    private static double again(List<LoadResult> runs, ToDoubleFunction<LoadResult> figure) {
        return runs == null || runs.size() < 2 ? Double.NaN : figure.applyAsDouble(runs.get(1));
    }

    static String kib(double value) {
        return Double.isNaN(value) || value < 0 ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private void assemblyTable(StringBuilder b) {
        b.append("| server |");
        for (AssemblyBenchmark.Case c : AssemblyBenchmark.CASES) {
            b.append(' ').append(c.name()).append(", ms |");
        }
        b.append(" vs Netty (first) | errors |\n|---|");
        b.append("--:|".repeat(AssemblyBenchmark.CASES.size())).append("--:|--:|\n");
        List<AssemblyBenchmark.Result> nettyResults = assembly.get("netty");
        double netty = nettyResults == null ? Double.NaN : nettyResults.get(0).medianMillis();
        assembly.forEach((server, cases) -> {
            b.append("| ").append(server).append(" |");
            long errors = 0;
            for (AssemblyBenchmark.Result r : cases) {
                b.append(' ').append(assemblyCell(r)).append(" |");
                errors += r.errors();
            }
            b.append(' ').append(ratio(cases.get(0).medianMillis(), netty)).append(" | ")
                    .append(errors == 0 ? "0" : "**" + errors + "**").append(" |\n");
        });
        b.append(String.format(Locale.ROOT, "%n(time from the first byte sent to the last byte of the echo read, on a"
                + " fresh connection to `/large` (16 MiB message limit); median of %d attempt(s), the range in brackets;"
                + " each attempt bounded by %s, after a timeout the case's other attempts are skipped; lower is better)%n",
                settings.assemblyRepetitions, Durations.format(settings.assemblyTimeout)));
        for (ServerProcess.Spec spec : settings.servers) {
            String why = AssemblyBenchmark.notMeasured(spec);
            if (why != null) {
                b.append("\n").append(spec.name()).append(" is not measured: ").append(why).append(".\n");
            }
        }
    }

    private String assemblyCell(AssemblyBenchmark.Result r) {
        double median = r.medianMillis();
        if (Double.isNaN(median)) {
            String error = r.firstError();
            return error != null && error.startsWith("timed out") ? "**> " + Durations.format(settings.assemblyTimeout) + "**"
                    : "**failed**";
        }
        double[] times = r.attempts().stream().filter(AssemblyBenchmark.Attempt::ok)
                .mapToDouble(AssemblyBenchmark.Attempt::millis).sorted().toArray();
        String cell = AssemblyBenchmark.formatMillis(median);
        if (times.length > 1) {
            cell += " (" + AssemblyBenchmark.formatMillis(times[0]) + "-" + AssemblyBenchmark.formatMillis(times[times.length - 1]) + ")";
        }
        return r.errors() > 0 ? cell + " **" + r.errors() + " failed**" : cell;
    }

    private void broadcastTable(StringBuilder b) {
        Map<String, List<LoadResult>> perServer = results.get(Workload.E);
        // Redis's columns only when a cluster ran, so that the single-server table stays as it was.
        boolean broker = perServer.values().stream().flatMap(List::stream).anyMatch(r -> r.brokerCpuPercent >= 0);
        b.append("| server | delivered/s | p50 ms | p99 ms | max ms | server us CPU/delivery | vs Netty | vs Tomcat | server CPU | ")
                .append(broker ? "Redis CPU | Redis us CPU/delivery | " : "")
                .append("generator CPU | generator-bound | errors |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|").append(broker ? "--:|--:|" : "").append("--:|:-:|--:|\n");
        perServer.forEach((server, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            double netty = median(perServer.get(reference(server, "netty")), r -> r.serverCpuMicrosPerMessage);
            double tomcat = median(perServer.get(reference(server, "tomcat")), r -> r.serverCpuMicrosPerMessage);
            double cpu = median(runs, r -> r.serverCpuMicrosPerMessage);
            b.append("| ").append(server)
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", median(runs, r -> r.arrivalsPerSecond)))
                    .append(" | ").append(ms(median(runs, r -> r.p50Micros)))
                    .append(" | ").append(ms(median(runs, r -> r.p99Micros)))
                    .append(" | ").append(ms(median(runs, r -> r.maxMicros)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", cpu))
                    .append(" | ").append(ratio(cpu, netty))
                    .append(" | ").append(ratio(cpu, tomcat))
                    .append(" | ").append(percent(median(runs, r -> r.serverCpuPercent)));
            if (broker) {
                double redisCpu = median(runs, r -> r.brokerCpuMicrosPerMessage);
                b.append(" | ").append(percent(median(runs, r -> r.brokerCpuPercent)))
                        .append(" | ").append(redisCpu < 0 || Double.isNaN(redisCpu) ? "-" : String.format(Locale.ROOT, "%.2f", redisCpu));
            }
            b.append(" | ").append(percent(median(runs, r -> r.generatorCpuPercent)))
                    .append(" | ").append(runs.stream().anyMatch(LoadResult::generatorBound) ? "**yes**" : "no")
                    .append(" | ").append(errors(runs))
                    .append(" |\n");
        });
        if (broker) {
            b.append("\n(").append(RunnerSettings.CLUSTER).append(": the publisher and half the receivers on node 1, the"
                    + " other half on node 2, which gets each message from node 1 through Redis pub/sub; server CPU is both"
                    + " JVMs' together, per delivery over all receivers; Redis's CPU is not in it, but in its own columns)\n");
        }
        b.append(String.format(Locale.ROOT, "%n(delivered/s: deliveries that arrived during the window; the publisher asks for"
                + " %,.0f/s, and a server that falls behind shows it here and in the latency. Every receiver must get every"
                + " message, in order: a loss or reordering counts as an error. CPU per delivery: lower is better)%n",
                settings.receivers * 100.0));
    }

    static String errors(List<LoadResult> runs) {
        long sum = runs.stream().mapToLong(r -> r.errors).sum();
        return sum == 0 ? "0" : "**" + sum + "**";
    }

    static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> f) {
        if (runs == null || runs.isEmpty()) {
            return Double.NaN;
        }
        double[] values = runs.stream().mapToDouble(f).toArray();
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static String ratio(double value, double reference) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference <= 0 || value < 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", value / reference);
    }

    static String ms(double micros) {
        return Double.isNaN(micros) || micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000);
    }

    static String percent(double value) {
        return Double.isNaN(value) || value < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
                    return String.format(Locale.ROOT, "%.1f GiB memory", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return "memory unknown";
    }

    private static String javaVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            return lines.size() >= 2 ? lines.get(0).trim() + " (" + lines.get(1).trim() + ")" : out.trim();
        } catch (IOException e) {
            return java + " (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java;
        }
    }
}
