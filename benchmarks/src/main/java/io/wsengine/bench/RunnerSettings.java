package io.wsengine.bench;

import io.wsengine.bench.BenchmarkRunner.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a comparison runs: the servers, the workloads, how long and how often; {@link #parse} for the command line. */
final class RunnerSettings {
    /** The two-node starter cluster on Redis: workload E only. */
    static final String CLUSTER = "starter-cluster-2";

    static final List<ServerProcess.Spec> SERVERS = List.of(
            new ServerProcess.Spec("engine", "io.wsengine.bench.EngineServers", List.of(),
                    "ws-engine bare (EngineServers: WsServer, EchoServer.EchoHandler, PreparedMessage broadcast)"),
            new ServerProcess.Spec("starter-executor", "io.wsengine.bench.StarterEchoApp",
                    List.of("--ws.server.dispatch=executor"), "the starter, @WsEndpoint, default dispatch (executor)"),
            new ServerProcess.Spec("starter-event-loop", "io.wsengine.bench.StarterEchoApp",
                    List.of("--ws.server.dispatch=event-loop"), "the starter, @WsEndpoint, event-loop dispatch"),
            // run when named, E only: two starter JVMs on a Redis of the run's own (ws.cluster.redis.enabled)
            new ServerProcess.Spec(CLUSTER, "io.wsengine.bench.StarterEchoApp", List.of("--ws.server.dispatch=executor"),
                    "two starter JVMs as starter-executor, one cluster through a redis-server of the run's own"
                            + " (ws.cluster.redis.enabled); the publisher and half the receivers on node 1, the other half"
                            + " on node 2; server CPU and RSS summed over both JVMs, Redis's CPU apart", false, 2),
            new ServerProcess.Spec("tomcat", "io.wsengine.bench.TomcatEchoApp", List.of(),
                    "Spring Boot 4 spring-boot-starter-websocket on Tomcat (WebSocketConfigurer)"),
            // run when named: starter-event-loop with a MeterRegistry, so the starter's meters are on (issue 15)
            new ServerProcess.Spec("starter-metrics", "io.wsengine.bench.StarterEchoApp",
                    List.of("--ws.server.dispatch=event-loop", "--" + StarterEchoApp.METRICS + "=true"),
                    "starter-event-loop with a Micrometer SimpleMeterRegistry bean: the starter's listener, meters"
                            + " and endpoint timing on"),
            // run when named: the starter's endpoints on Tomcat's port, beside `tomcat` (issue 13)
            new ServerProcess.Spec("starter-web-port", "io.wsengine.bench.StarterWebPortApp",
                    List.of("--ws.server.dispatch=executor"),
                    "the starter, @WsEndpoint, on Tomcat's port (ws.server.serve-on=web-port, WsUpgradeFilter),"
                            + " default dispatch (executor)"),
            new ServerProcess.Spec("starter-web-port-event-loop", "io.wsengine.bench.StarterWebPortApp",
                    List.of("--ws.server.dispatch=event-loop"), "the same on Tomcat's port with event-loop dispatch"),
            new ServerProcess.Spec("starter-web-port-jetty", "io.wsengine.bench.StarterWebPortApp",
                    List.of("--bench.container=jetty", "--ws.server.dispatch=executor"),
                    "the same on Jetty's port (spring-boot-jetty), default dispatch (executor)"),
            new ServerProcess.Spec("netty", "io.wsengine.bench.NettyEchoServer", List.of(),
                    "Netty 4.2 WebSocketServerProtocolHandler (epoll when available)"),
            new ServerProcess.Spec("jetty", "io.wsengine.bench.JettyEchoServer", List.of(),
                    "Jetty 12.1 WebSocket, core handler API"),
            // wss://: the same servers with the run's key store, both on the JDK's TLS (SSLEngine)
            new ServerProcess.Spec("engine-tls", "io.wsengine.bench.EngineServers", List.of(),
                    "the engine with TlsConfig.builder(context).build() (wss://, the JDK's SSLEngine on the event loop)", true),
            new ServerProcess.Spec("netty-tls", "io.wsengine.bench.NettyEchoServer", List.of(),
                    "Netty as `netty`, an SslHandler first in the pipeline (SslProvider.JDK, TLSv1.3 and TLSv1.2,"
                            + " the JDK's cipher suites)", true),
            // permessage-deflate (issue 16): run when named; the generator offers compression to these
            ServerProcess.Spec.deflating("engine-deflate", "io.wsengine.bench.EngineServers", List.of("--compression=true"),
                    "the engine with CompressionConfig.builder().build() (level 6, from 256 B, no context takeover,"
                            + " imposed on every offer)"),
            ServerProcess.Spec.deflating("engine-deflate-takeover", "io.wsengine.bench.EngineServers",
                    List.of("--compression=true", "--context-takeover=allowed"),
                    "engine-deflate with ContextTakeover.ALLOWED (contexts kept as the client allows)"),
            ServerProcess.Spec.deflating("starter-deflate", "io.wsengine.bench.StarterEchoApp",
                    List.of("--ws.server.dispatch=executor", "--ws.server.compression.enabled=true"),
                    "starter-executor with ws.server.compression.enabled=true (its other compression defaults)"),
            ServerProcess.Spec.deflating("netty-deflate", "io.wsengine.bench.NettyEchoServer", List.of("--deflate=true"),
                    "Netty as `netty` with WebSocketServerExtensionHandler and the PerMessageDeflateServerExtensionHandshaker"
                            + " of WebSocketServerCompressionHandler, level 6, but honouring server_no_context_takeover (the"
                            + " stock handler declines such offers); every message compressed; contexts as the client allows"),
            ServerProcess.Spec.deflating("jetty-deflate", "io.wsengine.bench.JettyEchoServer", List.of("--deflate=true"),
                    "Jetty as `jetty`: permessage-deflate is on by default in Jetty's WebSocket server; every message"
                            + " compressed; contexts as the client allows"));

    /** Servers that run only when named in {@code --servers}, besides the TLS ones. */
    static final List<String> WHEN_NAMED = List.of("starter-metrics", "starter-web-port", "starter-web-port-event-loop",
            "starter-web-port-jetty", CLUSTER);

    /** Without {@code --servers}: the plain ones; the TLS ones, the deflate ones and {@link #WHEN_NAMED} run when named. */
    static final List<ServerProcess.Spec> DEFAULT_SERVERS = SERVERS.stream()
            .filter(s -> !s.tls() && !s.deflate() && !WHEN_NAMED.contains(s.name())).toList();

    /** Without {@code --workloads}: A to F; the compression workloads G and H run when named. */
    static final List<Workload> DEFAULT_WORKLOADS = List.of(Workload.A, Workload.B, Workload.C, Workload.D, Workload.E,
            Workload.F);

    boolean quick;
    boolean pin;
    int rounds = 3;
    Duration warmup = Duration.ofSeconds(2);
    Duration duration = Duration.ofSeconds(4);
    int idleConnections = 10_000;
    /** H: idle compressed connections per pass; as D's unless given. */
    int compressedIdleConnections = -1;
    int receivers = 1000;
    int threads = 2;
    int assemblyRepetitions = 3;
    Duration assemblyTimeout = Duration.ofSeconds(60);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvmArgs = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"));
    List<ServerProcess.Spec> servers = DEFAULT_SERVERS;
    List<Workload> workloads = DEFAULT_WORKLOADS;
    Path out;
    Path logDir;

    static final String USAGE = """
            usage: BenchmarkRunner [--quick] [--pin] [--rounds N] [--warmup 2s] [--duration 4s]
                                   [--servers engine,starter-executor,starter-event-loop,tomcat,netty,jetty
                                          (also: starter-metrics,starter-web-port,starter-web-port-event-loop,starter-web-port-jetty,
                                                 engine-tls,netty-tls, and for E only starter-cluster-2;
                                                 with compression: engine-deflate,engine-deflate-takeover,
                                                 starter-deflate,netty-deflate,jetty-deflate)]
                                   [--workloads A,B,C,D,E,F (also G,H: compression)] [--idle-connections 10000]
                                   [--compressed-idle-connections N (H; as --idle-connections)] [--receivers 1000]
                                   [--assembly-repetitions 3] [--assembly-timeout 60s]
                                   [--threads 2] [--java PATH] [--jvm-arg ARG]... [--out FILE.md] [--log-dir DIR]
            """;

    static RunnerSettings parse(String[] args) {
        RunnerSettings s = new RunnerSettings();
        boolean roundsSet = false;
        boolean warmupSet = false;
        boolean durationSet = false;
        boolean idleSet = false;
        boolean repetitionsSet = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--quick")) {
                s.quick = true;
                continue;
            }
            if (option.equals("--pin")) {
                s.pin = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--rounds" -> {
                    s.rounds = Integer.parseInt(value);
                    roundsSet = true;
                }
                case "--warmup" -> {
                    s.warmup = Durations.parse(value);
                    warmupSet = true;
                }
                case "--duration" -> {
                    s.duration = Durations.parse(value);
                    durationSet = true;
                }
                case "--idle-connections" -> {
                    s.idleConnections = Integer.parseInt(value);
                    idleSet = true;
                }
                case "--receivers" -> s.receivers = Integer.parseInt(value);
                case "--compressed-idle-connections" -> s.compressedIdleConnections = Integer.parseInt(value);
                case "--assembly-repetitions" -> {
                    s.assemblyRepetitions = Integer.parseInt(value);
                    repetitionsSet = true;
                }
                case "--assembly-timeout" -> s.assemblyTimeout = Durations.parse(value);
                case "--threads" -> s.threads = Integer.parseInt(value);
                case "--java" -> s.java = value;
                case "--jvm-arg" -> s.jvmArgs.add(value);
                case "--servers" -> s.servers = servers(value);
                case "--workloads" -> s.workloads = workloads(value);
                case "--out" -> s.out = Path.of(value);
                case "--log-dir" -> s.logDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (s.quick) {
            s.rounds = roundsSet ? s.rounds : 1;
            s.warmup = warmupSet ? s.warmup : Duration.ofSeconds(1);
            s.duration = durationSet ? s.duration : Duration.ofSeconds(2);
            s.idleConnections = idleSet ? s.idleConnections : 2000;
            s.assemblyRepetitions = repetitionsSet ? s.assemblyRepetitions : 1;
        }
        if (s.compressedIdleConnections < 0) {
            s.compressedIdleConnections = s.idleConnections;
        }
        if (s.compressedIdleConnections < 1) {
            throw new IllegalArgumentException("--compressed-idle-connections must be positive");
        }
        if (s.rounds < 1 || s.threads < 1 || s.idleConnections < 1 || s.receivers < 1 || s.assemblyRepetitions < 1) {
            throw new IllegalArgumentException("--rounds, --threads, --idle-connections, --receivers and"
                    + " --assembly-repetitions must be positive");
        }
        return s;
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

    private static List<Workload> workloads(String value) {
        List<Workload> list = new ArrayList<>();
        for (String name : value.split(",")) {
            list.add(Workload.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return list;
    }
}
