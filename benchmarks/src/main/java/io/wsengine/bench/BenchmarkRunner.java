package io.wsengine.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the echo servers side by side, each in its own JVM ({@code -Xms512m -Xmx512m}), and prints a
 * markdown table per workload. D (idle connections) runs first, on servers started for it alone
 * (quick mode: on the main servers, before anything else). Then all servers are started and stay up: after an untimed warm-up pass, for each round,
 * every workload runs on every server in turn (the server order rotates each round), so that a
 * noisy moment of a shared machine hits all servers alike and medians over rounds hold. The load
 * generator runs in this JVM; its CPU is reported beside the server's. The TLS servers
 * ({@code engine-tls}, {@code netty-tls}) serve one key store made for the run ({@link BenchKeyStore}),
 * which the generator trusts.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar            # full comparison, under 15 minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar --quick    # under 3 minutes
 * </pre>
 */
public final class BenchmarkRunner {

    /** The workloads of the comparison. */
    enum Workload {
        A("100 connections x 1 in flight, 32-byte text"),
        B("100 connections x 16 in flight, 32-byte text"),
        C("10 connections x 4 in flight, 64 KiB binary"),
        D("idle connections: server memory per connection after a full GC"),
        E("broadcast: 1 publisher, a 64-byte text message every 10 ms to every receiver"),
        F("fragmented messages, like Autobahn 9.3.1: one text message in small fragments, echoed whole"),
        G("compressible text: 100 connections x 1 in flight, 1 KiB JSON-like chat messages (permessage-deflate on the"
                + " -deflate servers)"),
        H("idle compressed connections: server memory per connection after one compressed echo each, without and"
                + " with context takeover");

        final String description;

        Workload(String description) {
            this.description = description;
        }
    }

    private final RunnerSettings settings;
    private final String jcmd;
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private final CpuPinning pinning;
    private final Map<Workload, Map<String, List<LoadResult>>> results = new EnumMap<>(Workload.class);
    private final Map<String, String> serverProblems = new LinkedHashMap<>();
    private final Map<String, List<AssemblyBenchmark.Result>> assembly = new LinkedHashMap<>();
    /** What each TLS server negotiated with the readiness probe, for the report. */
    private final Map<String, String> negotiated = new LinkedHashMap<>();
    /** The run's TLS identity, made only when a TLS server runs. */
    private BenchKeyStore keys;

    BenchmarkRunner(RunnerSettings settings) {
        this.settings = settings;
        this.jcmd = ProcStats.jcmdBeside(settings.java);
        this.pinning = settings.pin ? CpuPinning.split(cpus) : CpuPinning.none();
        for (Workload w : Workload.values()) {
            Map<String, List<LoadResult>> perServer = new LinkedHashMap<>();
            for (ServerProcess.Spec s : settings.servers) {
                perServer.put(s.name(), new ArrayList<>());
            }
            results.put(w, perServer);
        }
    }

    public static void main(String[] args) throws IOException {
        RunnerSettings settings;
        try {
            settings = RunnerSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BenchmarkRunner: " + e.getMessage());
            System.err.print(RunnerSettings.USAGE);
            System.exit(2);
            return;
        }
        if (settings.servers.stream().anyMatch(ServerProcess.Spec::cluster) && RedisProcess.findBinary() == null) {
            // Before anything runs: finding out after minutes of other servers would waste them.
            System.err.println("BenchmarkRunner: " + RedisProcess.MISSING);
            System.exit(2);
            return;
        }
        String report = new BenchmarkRunner(settings).runAll();
        System.out.println();
        System.out.println(report);
        if (settings.out != null) {
            Files.writeString(settings.out, report, StandardCharsets.UTF_8);
            System.out.println("(also written to " + settings.out + ")");
        }
    }

    String runAll() throws IOException {
        long start = System.nanoTime();
        String startLoad = ComparisonReport.loadAverage();
        pinning.pinThisProcess();
        Path logDir = settings.logDir != null ? Files.createDirectories(settings.logDir) : Files.createTempDirectory("wsbench-");
        log("servers' logs in " + logDir);
        if (settings.servers.stream().anyMatch(ServerProcess.Spec::tls)) {
            keys = BenchKeyStore.generate();
            log("TLS key store for the wss:// servers: " + keys.path() + " (EC P-256, self-signed, made with keytool)");
        }
        // Full mode: D on servers of its own, fresh (memory not yet shaped by other workloads), so
        // that a server which cannot hold the connections (Tomcat in 512 MiB) spoils nothing else.
        // Quick mode (fewer connections): D on the main servers, first, while they are still fresh.
        boolean idleFirst = settings.workloads.contains(Workload.D);
        if (idleFirst && !settings.quick) {
            Map<String, ServerProcess> fresh = startAll(logDir, "-idle", Workload.D);
            try {
                for (ServerProcess server : fresh.values()) {
                    measureIdle(server);
                }
            } finally {
                fresh.values().forEach(ServerProcess::close);
            }
            idleFirst = false;
        }
        // H on servers of its own too, in both modes: memory measured on a fresh JVM, as D's.
        if (settings.workloads.contains(Workload.H)) {
            Map<String, ServerProcess> fresh = startAll(logDir, "-compressed-idle", Workload.H);
            try {
                for (ServerProcess server : fresh.values()) {
                    measureCompressedIdle(server);
                }
            } finally {
                fresh.values().forEach(ServerProcess::close);
            }
        }
        List<Workload> rotating = settings.workloads.stream()
                .filter(w -> w != Workload.D && w != Workload.F && w != Workload.H).toList();
        boolean fragmented = settings.workloads.contains(Workload.F);
        if (!rotating.isEmpty() || idleFirst || fragmented) {
            Map<String, ServerProcess> running = startAll(logDir, "", null);
            try {
                if (idleFirst) {
                    for (ServerProcess server : running.values()) {
                        if (runs(server.spec, Workload.D)) {
                            measureIdle(server);
                        }
                    }
                }
                if (!rotating.isEmpty()) {
                    for (ServerProcess server : running.values()) {
                        warmUp(server);
                    }
                }
                List<ServerProcess> order = new ArrayList<>(running.values());
                for (int round = 1; round <= settings.rounds; round++) {
                    for (Workload w : rotating) {
                        for (ServerProcess server : order) {
                            if (runs(server.spec, w)) {
                                measure(w, server, round);
                            }
                        }
                    }
                    Collections.rotate(order, 1);
                }
                // F last: a server still assembling a message it timed out on then delays nothing else.
                if (fragmented) {
                    for (ServerProcess server : running.values()) {
                        if (runs(server.spec, Workload.F)) {
                            measureAssembly(server);
                        }
                    }
                }
            } finally {
                running.values().forEach(ServerProcess::close);
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        return new ComparisonReport(settings, cpus, pinning, results, assembly, serverProblems, negotiated)
                .render(minutes, startLoad, ComparisonReport.loadAverage());
    }

    /**
     * A cluster ({@link ServerProcess.Spec#cluster()}) runs E alone: its echoes and idle connections
     * would be one node's, which the single-node rows already measure.
     */
    static boolean runs(ServerProcess.Spec spec, Workload w) {
        if (w == Workload.H) {
            return spec.deflate(); // on a plain server it would be D
        }
        return !spec.cluster() || w == Workload.E;
    }

    /**
     * What the generator offers a server: permessage-deflate without context takeover to a compressing
     * one (the engine's default, and the memory-safe choice), nothing to the others. D stays idle and
     * plain everywhere (H is its compressed twin).
     */
    static DeflateOffer offer(ServerProcess.Spec spec, Workload w) {
        return spec.deflate() && w != Workload.D ? DeflateOffer.NO_CONTEXT_TAKEOVER : null;
    }

    /**
     * Starts every server at once (those that run {@code only}, when given), then waits for each; one
     * that does not come up (or a cluster whose Redis cannot start) is reported and left out.
     */
    private Map<String, ServerProcess> startAll(Path logDir, String logSuffix, Workload only) {
        Map<String, ServerProcess> running = new LinkedHashMap<>();
        try {
            for (ServerProcess.Spec spec : settings.servers) {
                boolean wanted = only == null ? settings.workloads.stream().anyMatch(w -> runs(spec, w)) : runs(spec, only);
                if (!wanted) {
                    continue;
                }
                try {
                    running.put(spec.name(), ServerProcess.start(spec, pinning.serverCommandPrefix(), settings.java,
                            settings.jvmArgs, logDir, logSuffix, keys));
                } catch (IllegalStateException e) {
                    if (!spec.cluster()) {
                        throw e;
                    }
                    serverProblems.putIfAbsent(spec.name(), e.getMessage());
                    log("!! " + spec.name() + ": " + e.getMessage());
                }
            }
            for (ServerProcess server : List.copyOf(running.values())) {
                try {
                    server.awaitReady(Duration.ofSeconds(90));
                    if (server.negotiatedTls() != null) {
                        negotiated.put(server.spec.name(), server.negotiatedTls());
                    }
                    log(server.spec.name() + " ready on port" + (server.spec.cluster() ? "s " + server.urls("").stream()
                            .map(u -> Integer.toString(u.getPort())).toList() + " (pids " + java.util.Arrays.toString(server.pids())
                            + ", redis pid " + server.redisPid() + ")" : " " + server.port + " (pid " + server.pid() + ")")
                            + (server.negotiatedTls() != null ? ", " + server.negotiatedTls() : ""));
                } catch (IllegalStateException e) {
                    serverProblems.putIfAbsent(server.spec.name(), e.getMessage().lines().findFirst().orElse("not ready"));
                    log("!! " + e.getMessage());
                    server.close();
                    running.remove(server.spec.name());
                }
            }
            return running;
        } catch (RuntimeException e) {
            running.values().forEach(ServerProcess::close);
            throw e;
        }
    }

    /**
     * An untimed pass of small and large echoes on a server before the rounds, so that the first
     * round does not measure a JIT (or a thread pool) still warming up.
     */
    private void warmUp(ServerProcess server) {
        Duration each = settings.quick ? Duration.ofSeconds(1) : settings.warmup.plusMillis(500);
        long errors = 0;
        for (URI echo : server.urls("/echo")) { // every node of a cluster, as warm as a single server
            for (LoadOptions o : List.of(LoadOptions.echo(echo, 100, 16, 32, false),
                    LoadOptions.echo(echo, 10, 4, 64 * 1024, true))) {
                try {
                    errors += LoadGenerator.run(o.warmup(Duration.ZERO).duration(each).threads(settings.threads)
                            .tls(server.clientTls()).deflate(offer(server.spec, Workload.A))).errors;
                } catch (RuntimeException e) {
                    errors++;
                }
            }
        }
        log("warmed up " + server.spec.name() + (errors > 0 ? " (" + errors + " errors)" : ""));
    }

    /**
     * D twice on the same server: the first figures include the heap pages that the handshakes'
     * garbage touches for the first time in a fresh JVM; the second, once those are resident, come
     * closer to what each further connection retains. A server with errors in the first pass (one that
     * cannot hold N connections, like Tomcat in 512 MiB) gets no second: it took minutes to fail again.
     */
    private void measureIdle(ServerProcess server) {
        int descriptors = ProcStats.openDescriptors(server.pid());
        if (measure(Workload.D, server, 0).errors == 0) {
            awaitDescriptors(server, descriptors);
            measure(Workload.D, server, 0);
        } else {
            log("D " + server.spec.name() + ": no second pass after errors in the first");
        }
    }

    /**
     * Waits (at most 30 s) until the server holds no more descriptors than before the first pass:
     * the second pass's "before" must not count connections of the first that the server is still
     * closing (thousands of TLS connections take it a good fraction of a second), or their release during the
     * second pass would hide its growth.
     */
    private static void awaitDescriptors(ServerProcess server, int before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int now = ProcStats.openDescriptors(server.pid());
        while (before >= 0 && now > before + 16 && System.nanoTime() - deadline < 0) {
            LoadRun.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            now = ProcStats.openDescriptors(server.pid());
        }
        if (before >= 0 && now > before + 16) {
            log("D " + server.spec.name() + ": still " + (now - before) + " descriptors more than before the first pass");
        }
    }

    /**
     * H: N connections that each echo one compressed message and then idle, offering no context
     * takeover, then (after those were reset) N more offering takeover; the second pass's RSS no
     * longer counts heap pages the first one's garbage touched for the first time.
     */
    private void measureCompressedIdle(ServerProcess server) {
        int descriptors = ProcStats.openDescriptors(server.pid());
        measure(Workload.H, server, 0, DeflateOffer.NO_CONTEXT_TAKEOVER);
        awaitDescriptors(server, descriptors);
        measure(Workload.H, server, 0, DeflateOffer.CONTEXT_TAKEOVER);
    }

    /** F: every case a few times on fresh connections; servers that do not assemble fragments are left out. */
    private void measureAssembly(ServerProcess server) {
        String name = server.spec.name();
        String skipped = AssemblyBenchmark.notMeasured(server.spec);
        if (skipped != null) {
            log("F " + name + ": not measured, " + skipped);
            return;
        }
        List<AssemblyBenchmark.Result> measured = AssemblyBenchmark.measure(server.url(AssemblyBenchmark.PATH),
                AssemblyBenchmark.CASES, settings.assemblyRepetitions, settings.assemblyTimeout);
        assembly.put(name, measured);
        for (AssemblyBenchmark.Result r : measured) {
            List<String> times = r.attempts().stream()
                    .map(a -> a.ok() ? AssemblyBenchmark.formatMillis(a.millis()) + " ms" : "failed").toList();
            log("F " + name + ": " + r.c().name() + ": " + String.join(", ", times)
                    + (r.errors() > 0 ? "  ERRORS " + r.errors() + ": " + r.firstError() : ""));
        }
    }

    private LoadResult measure(Workload w, ServerProcess server, int round) {
        return measure(w, server, round, offer(server.spec, w));
    }

    private LoadResult measure(Workload w, ServerProcess server, int round, DeflateOffer offer) {
        LoadResult r;
        try {
            r = LoadGenerator.run(options(w, server).deflate(offer));
        } catch (RuntimeException e) {
            r = new LoadResult();
            r.deflateOffer = offer == null ? null : offer.header;
            r.mode = w == Workload.D || w == Workload.H ? LoadOptions.Mode.CONNECT_ONLY : w == Workload.E ? LoadOptions.Mode.BROADCAST
                    : LoadOptions.Mode.ECHO;
            r.errors = 1;
            r.errorSamples = List.of(e.toString());
        }
        results.get(w).get(server.spec.name()).add(r);
        String where = round == 0 ? "" : "[round " + round + "/" + settings.rounds + "] ";
        String line = switch (w) {
            case A, B -> String.format(Locale.ROOT, "%,.0f msgs/s, p99 %s ms", r.messagesPerSecond, ComparisonReport.ms(r.p99Micros));
            case C -> String.format(Locale.ROOT, "%,.1f MB/s, p99 %s ms", r.megabytesPerSecond, ComparisonReport.ms(r.p99Micros));
            case D -> String.format(Locale.ROOT, "%d connections: %.2f KiB RSS, %.2f KiB live heap per connection",
                    r.opened, r.rssPerConnectionKiB(), r.liveHeapPerConnectionKiB());
            case G -> String.format(Locale.ROOT, "%,.0f msgs/s, p99 %s ms, server %.2f us CPU/msg, wire %.0f B/msg up, %.0f B/msg"
                    + " down (payload %d), agreed %s", r.messagesPerSecond, ComparisonReport.ms(r.p99Micros),
                    r.serverCpuMicrosPerMessage, r.wireBytesSentPerMessage, r.wireBytesReceivedPerMessage, r.size,
                    r.extensions == null ? "nothing" : "\"" + r.extensions + "\"");
            case H -> String.format(Locale.ROOT, "%d connections, offered \"%s\", agreed \"%s\": %.2f KiB RSS, %.2f KiB live heap"
                    + " per connection", r.opened, r.deflateOffer, r.extensions, r.rssPerConnectionKiB(), r.liveHeapPerConnectionKiB());
            case E -> String.format(Locale.ROOT, "%,.0f delivered/s, p99 %s ms, server %.2f us CPU per delivery",
                    r.arrivalsPerSecond, ComparisonReport.ms(r.p99Micros), r.serverCpuMicrosPerMessage);
            case F -> throw new IllegalArgumentException("F is measured by AssemblyBenchmark");
        };
        if (w != Workload.D && w != Workload.H) {
            line += String.format(Locale.ROOT, " (CPU: server %.0f%%, generator %.0f%%)", r.serverCpuPercent, r.generatorCpuPercent);
        }
        log(where + w + " " + server.spec.name() + ": " + line + (r.errors > 0 ? "  ERRORS " + r.errors + ": "
                + String.join(" | ", r.errorSamples.subList(0, Math.min(3, r.errorSamples.size()))) : ""));
        return r;
    }

    private LoadOptions options(Workload w, ServerProcess server) {
        LoadOptions o = switch (w) {
            case A -> LoadOptions.echo(server.url("/echo"), 100, 1, 32, false);
            case B -> LoadOptions.echo(server.url("/echo"), 100, 16, 32, false);
            case C -> LoadOptions.echo(server.url("/echo"), 10, 4, 64 * 1024, true);
            case D -> LoadOptions.connectOnly(server.url("/echo"), settings.idleConnections);
            // The publisher on node 1 (the only node of a single server); a cluster's receivers round robin
            // over its nodes, so that node 1 delivers to half itself and the other half hear it over Redis.
            case E -> LoadOptions.broadcast(server.url("/broadcast"), settings.receivers).interval(Duration.ofMillis(10))
                    .receiverUrls(server.spec.cluster() ? server.urls("/broadcast") : List.of())
                    .brokerPid(server.redisPid());
            case F -> throw new IllegalArgumentException("F is measured by AssemblyBenchmark");
            case G -> LoadOptions.echo(server.url("/echo"), 100, 1, 1024, false).json(true);
            // one 1 KiB message each, so that a server that keeps contexts has made them
            case H -> LoadOptions.connectOnly(server.url("/echo"), settings.compressedIdleConnections).size(1024).json(true);
        };
        return o.warmup(settings.warmup).duration(settings.duration).threads(settings.threads).tls(server.clientTls())
                .serverPids(server.pids()).jcmd(jcmd).connectTimeout(Duration.ofSeconds(20));
    }

    private static void log(String line) {
        System.out.println(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
    }
}
