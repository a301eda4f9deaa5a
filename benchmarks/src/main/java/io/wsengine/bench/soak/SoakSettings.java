package io.wsengine.bench.soak;

import io.wsengine.bench.Durations;
import io.wsengine.bench.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a soak does, how long and how hard; {@link #parse} for the command line, {@link #inBuild()} for the test. */
public final class SoakSettings {
    /** Both servers get this message limit explicitly, so that the oversized messages know what to pass. */
    static final int MAX_MESSAGE_SIZE = 1 << 20;

    static final List<ServerProcess.Spec> SERVERS = List.of(
            new ServerProcess.Spec("engine", "io.wsengine.bench.EngineServers",
                    List.of("--max-message-size", Integer.toString(MAX_MESSAGE_SIZE)),
                    "ws-engine bare (EngineServers: /echo, /broadcast via WsServer.broadcast, /group/{name} via WsServer.group)"),
            new ServerProcess.Spec("starter", "io.wsengine.bench.StarterEchoApp",
                    List.of("--ws.server.max-message-size=" + MAX_MESSAGE_SIZE + "B"),
                    "the starter (StarterEchoApp: @WsEndpoint, default executor dispatch, WsBroadcaster.broadcast and .publish)"));

    Duration duration = Duration.ofMinutes(10);
    /** Time between two samples; each period is traffic, then a quiet moment and the sample. */
    Duration interval = Duration.ofSeconds(30);
    /** Samples taken before this (from the start of the traffic) are shown but not judged. */
    Duration warmup = Duration.ofSeconds(60);
    /** Longest wait, after a period's traffic, for the server's descriptors to come back down. */
    Duration settle = Duration.ofSeconds(5);
    /** Bound of one scenario (connect, handshake, its exchange, the close). */
    Duration scenarioTimeout = Duration.ofSeconds(20);
    /** Bound of a load-generator run's connecting and draining. */
    Duration generatorTimeout = Duration.ofSeconds(20);
    /** Measured window of each load-generator echo and broadcast run. */
    Duration generatorRun = Duration.ofSeconds(2);
    int heldConnections = 1000;
    int churnConnections = 1000;
    int echoConnections = 50;
    int stormReceivers = 200;
    int groupStormReceivers = 100;
    Duration stormInterval = Duration.ofMillis(2);
    /** Threads that each run cheap scenarios back to back (handshakes, resets, pings, oversized headers). */
    int lightClients = 1;
    /** Threads that each run costly scenarios (slow readers, oversized fragmented messages). */
    int heavyClients = 1;
    /** Upper bound of scenarios per thread and period, so that a loop ends by count as well as by time. */
    int maxScenariosPerPeriod = 20_000;
    Slack slack = Slack.LONG;
    List<ServerProcess.Spec> servers = SERVERS;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String heap = "256m";
    Path logDir;
    Path out;

    static final String USAGE = """
            usage: SoakRunner [--short] [--duration 10m] [--interval 30s] [--warmup 60s] [--servers engine,starter]
                              [--held 1000] [--churn 1000] [--light-clients 1] [--heavy-clients 1]
                              [--heap 256m] [--java PATH] [--log-dir DIR] [--out FILE.md]
            """;

    /** About 30 s, a sample every 4 s, a few hundred connections at a time: for {@code ./mvnw verify}. */
    public static SoakSettings inBuild() {
        SoakSettings s = new SoakSettings();
        s.duration = Duration.ofSeconds(28);
        s.interval = Duration.ofSeconds(4);
        s.warmup = Duration.ofSeconds(8);
        s.settle = Duration.ofSeconds(2);
        s.generatorRun = Duration.ofMillis(500);
        s.heldConnections = 200;
        s.churnConnections = 300;
        s.echoConnections = 20;
        s.stormReceivers = 50;
        s.groupStormReceivers = 30;
        s.stormInterval = Duration.ofMillis(5);
        s.slack = Slack.SHORT;
        return s;
    }

    /** Options on top of the 10-minute defaults, or on top of {@link #inBuild()} with {@code --short}. */
    public static SoakSettings parse(String[] args) {
        SoakSettings s = Arrays.asList(args).contains("--short") ? inBuild() : new SoakSettings();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--short")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--duration" -> s.duration = Durations.parse(value);
                case "--interval" -> s.interval = Durations.parse(value);
                case "--warmup" -> s.warmup = Durations.parse(value);
                case "--servers" -> s.servers = servers(value);
                case "--held" -> s.heldConnections = positive(option, value);
                case "--churn" -> s.churnConnections = positive(option, value);
                case "--light-clients" -> s.lightClients = positive(option, value);
                case "--heavy-clients" -> s.heavyClients = positive(option, value);
                case "--heap" -> s.heap = value;
                case "--java" -> s.java = value;
                case "--log-dir" -> s.logDir = Path.of(value);
                case "--out" -> s.out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (s.interval.compareTo(Duration.ofSeconds(2)) < 0 || s.duration.compareTo(s.interval) < 0) {
            throw new IllegalArgumentException("--interval must be at least 2s and --duration at least one interval");
        }
        return s;
    }

    /** The servers' JVM options: a heap that is all there from the start, so that RSS can stay flat. */
    List<String> jvmArgs() {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");
    }

    /** Traffic of a period ends this long before its sample is due, leaving time to settle. */
    Duration quiet() {
        Duration third = interval.dividedBy(3);
        return third.compareTo(settle.plusSeconds(1)) < 0 ? third : settle.plusSeconds(1);
    }

    private static List<ServerProcess.Spec> servers(String value) {
        List<ServerProcess.Spec> list = new ArrayList<>();
        for (String name : value.split(",")) {
            list.add(SERVERS.stream().filter(s -> s.name().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown server " + name + "; known: "
                            + SERVERS.stream().map(ServerProcess.Spec::name).toList())));
        }
        return list;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not '" + value + "'");
    }
}
