package io.wsengine.bench.soak;

import io.wsengine.bench.ProcStats;
import io.wsengine.bench.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bounded soak of the bare engine and of the starter, each in a server JVM of its own on
 * 127.0.0.1 and a free port, soaked at the same time: connections churning (clean closes, resets,
 * resets mid-frame and mid-handshake), slow readers, ping floods, oversized messages, held idle
 * connections and broadcast storms, while the server's descriptors, threads, live heap and RSS are
 * sampled. Exits with 1, naming the figure and its growth, unless every figure stays flat after
 * warm-up and every client got what it expected; 2 on bad options. The servers are stopped by PID
 * at the end, also on failure (and by a shutdown hook if this JVM is stopped).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.wsengine.bench.soak.SoakRunner [--duration 10m] [--interval 30s]</pre>
 */
public final class SoakRunner {
    private SoakRunner() {
    }

    public static void main(String[] args) throws IOException {
        SoakSettings settings;
        try {
            settings = SoakSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SoakRunner: " + e.getMessage());
            System.err.print(SoakSettings.USAGE);
            System.exit(2);
            return;
        }
        String command = "java -cp benchmarks/target/benchmarks.jar " + SoakRunner.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        long start = System.nanoTime();
        List<SoakResult> results = run(settings, SoakRunner::log);
        String report = SoakReport.render(results, settings, command, machine(), (System.nanoTime() - start) / 60e9);
        System.out.println();
        System.out.println(report);
        if (settings.out != null) {
            Files.writeString(settings.out, report, StandardCharsets.UTF_8);
            System.out.println("(also written to " + settings.out + ")");
        }
        for (SoakResult r : results) {
            for (String failure : r.failures()) {
                System.err.println("SOAK FAILED on " + r.server().name() + ": " + failure);
            }
        }
        System.exit(results.stream().allMatch(SoakResult::passed) ? 0 : 1);
    }

    /** Starts the servers, soaks them all at once, stops them; one result per server. */
    public static List<SoakResult> run(SoakSettings settings, Consumer<String> log) throws IOException {
        Path logDir = settings.logDir != null ? Files.createDirectories(settings.logDir) : Files.createTempDirectory("wssoak-");
        log.accept("servers' logs in " + logDir);
        String jcmd = ProcStats.jcmdBeside(settings.java);
        List<ServerProcess> servers = new ArrayList<>();
        ExecutorService soaks = Executors.newFixedThreadPool(settings.servers.size(), r -> {
            Thread t = new Thread(r, "soak-server");
            t.setDaemon(true);
            return t;
        });
        try {
            for (ServerProcess.Spec spec : settings.servers) {
                servers.add(ServerProcess.start(spec, List.of(), settings.java, settings.jvmArgs(), logDir, "-soak"));
            }
            List<Future<SoakResult>> running = new ArrayList<>();
            for (ServerProcess server : servers) {
                server.awaitReady(Duration.ofSeconds(90));
                log.accept(server.spec.name() + " ready on port " + server.port + " (pid " + server.pid() + ")");
            }
            for (ServerProcess server : servers) {
                running.add(CompletableFuture.supplyAsync(() -> new ServerSoak(server, settings, jcmd, log).run(), soaks));
            }
            List<SoakResult> results = new ArrayList<>();
            // Each soak ends by itself; this bound only catches one that would not.
            long bound = System.nanoTime() + settings.duration.multipliedBy(2).plusMinutes(2).toNanos();
            for (Future<SoakResult> f : running) {
                results.add(f.get(Math.max(1, bound - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("soak did not complete: " + e, e);
        } finally {
            soaks.shutdownNow();
            servers.forEach(ServerProcess::close);
        }
    }

    private static void log(String line) {
        System.out.println(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
    }

    private static String machine() {
        String load = "unknown";
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            load = f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average " + load + " at the end";
    }
}
