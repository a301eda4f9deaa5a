package io.wsengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** One echo server in its own JVM, stopped by its own PID (also by a shutdown hook if the runner or the soak fails). */
public final class ServerProcess implements AutoCloseable {
    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();
    /** The cluster bus's channel with the starter's default key prefix ({@code ws.cluster.redis.key-prefix}). */
    static final String BUS_CHANNEL = "wsengine:bus";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServerProcess server : RUNNING) {
                server.close();
            }
        }, "wsbench-stop-servers"));
    }

    /**
     * A server the runner can start: a main class of this module and its extra arguments; with
     * {@code tls}, it gets a key store's {@code --tls-keystore} and {@code --tls-password} too and
     * serves {@code wss://} only; with {@code deflate}, it compresses ({@link #deflating}). With {@code nodes} over 1, that many JVMs of the starter share a
     * {@code redis-server} of their own as the cluster bus ({@code ws.cluster.redis.enabled}).
     */
    public record Spec(String name, String mainClass, List<String> args, String description, boolean tls, int nodes,
                       boolean deflate) {
        public Spec(String name, String mainClass, List<String> args, String description) {
            this(name, mainClass, args, description, false, 1, false);
        }

        public Spec(String name, String mainClass, List<String> args, String description, boolean tls) {
            this(name, mainClass, args, description, tls, 1, false);
        }

        public Spec(String name, String mainClass, List<String> args, String description, boolean tls, int nodes) {
            this(name, mainClass, args, description, tls, nodes, false);
        }

        /**
         * A server with permessage-deflate on: the generator offers it to this server (no context
         * takeover, unless a workload says otherwise) and fails a connection that is not compressed.
         */
        public static Spec deflating(String name, String mainClass, List<String> args, String description) {
            return new Spec(name, mainClass, args, description, false, 1, true);
        }

        /** {@return whether this is several nodes on a Redis bus} */
        public boolean cluster() {
            return nodes > 1;
        }
    }

    public final Spec spec;
    public final int port;
    public final Path log;
    private final Process process;
    /** For a TLS server: the context that trusts its certificate; null for ws://. */
    private final SSLContext clientTls;
    /** What the readiness probe negotiated: "TLSv1.3 TLS_AES_256_GCM_SHA384"; empty for ws://. */
    private final StringBuilder negotiated = new StringBuilder();
    /** A cluster's other nodes (this one is node 1, the publisher's); empty for a single server. */
    private final List<ServerProcess> peers;
    /** A cluster's Redis; null for a single server. */
    private final RedisProcess redis;

    private ServerProcess(Spec spec, int port, Path log, Process process, SSLContext clientTls) {
        this(spec, port, log, process, clientTls, List.of(), null);
    }

    private ServerProcess(Spec spec, int port, Path log, Process process, SSLContext clientTls, List<ServerProcess> peers,
                          RedisProcess redis) {
        this.spec = spec;
        this.port = port;
        this.log = log;
        this.process = process;
        this.clientTls = clientTls;
        this.peers = peers;
        this.redis = redis;
    }

    public static ServerProcess start(Spec spec, List<String> launcher, String java, List<String> jvmArgs, Path logDir,
                               String logSuffix) {
        return start(spec, launcher, java, jvmArgs, logDir, logSuffix, null);
    }

    /** Starts a server; a TLS one ({@link Spec#tls()}) serves the key of {@code keys}, which must then be given. */
    public static ServerProcess start(Spec spec, List<String> launcher, String java, List<String> jvmArgs, Path logDir,
                               String logSuffix, BenchKeyStore keys) {
        if (spec.tls() && keys == null) {
            throw new IllegalArgumentException(spec.name() + " serves wss:// and needs a key store");
        }
        if (spec.cluster()) {
            return startCluster(spec, launcher, java, jvmArgs, logDir, logSuffix);
        }
        return launch(spec, spec.args(), launcher, java, jvmArgs, logDir.resolve(spec.name() + logSuffix + ".log"), keys);
    }

    /**
     * A Redis, then {@code spec.nodes()} JVMs of the spec's main class on it, each its own node id; the
     * node returned is node 1 and owns the others and the Redis (its {@link #close()} stops them all).
     */
    private static ServerProcess startCluster(Spec spec, List<String> launcher, String java, List<String> jvmArgs,
                                              Path logDir, String logSuffix) {
        RedisProcess redis = RedisProcess.start(launcher);
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            for (int n = 1; n <= spec.nodes(); n++) {
                List<String> args = new ArrayList<>(spec.args());
                args.addAll(List.of("--ws.cluster.redis.enabled=true", "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=" + redis.port, "--ws.cluster.node-id=" + spec.name() + "-node" + n));
                nodes.add(launch(spec, args, launcher, java, jvmArgs,
                        logDir.resolve(spec.name() + logSuffix + "-node" + n + ".log"), null));
            }
        } catch (RuntimeException e) {
            nodes.forEach(ServerProcess::close);
            redis.close();
            throw e;
        }
        ServerProcess first = nodes.get(0);
        ServerProcess cluster = new ServerProcess(spec, first.port, first.log, first.process, null,
                List.copyOf(nodes.subList(1, nodes.size())), redis);
        RUNNING.remove(first); // the cluster's handle stops it, with the others
        nodes.subList(1, nodes.size()).forEach(RUNNING::remove);
        RUNNING.add(cluster);
        return cluster;
    }

    private static ServerProcess launch(Spec spec, List<String> args, List<String> launcher, String java,
                                        List<String> jvmArgs, Path log, BenchKeyStore keys) {
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(spec.mainClass());
        command.add("--port");
        command.add(Integer.toString(port));
        command.addAll(args);
        if (spec.tls()) {
            command.addAll(keys.serverArgs()); // a throwaway password of this run: on the command line is fine
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ServerProcess server = new ServerProcess(spec, port, log, process, spec.tls() ? keys.clientContext() : null);
            RUNNING.add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + String.join(" ", command), e);
        }
    }

    /** {@return the JVM's PID; for a cluster, node 1's} */
    public long pid() {
        return process.pid();
    }

    /** {@return every node's PID, node 1 first (one for a single server)} */
    public long[] pids() {
        long[] pids = new long[1 + peers.size()];
        pids[0] = process.pid();
        for (int i = 0; i < peers.size(); i++) {
            pids[i + 1] = peers.get(i).pid();
        }
        return pids;
    }

    /** {@return the cluster's Redis PID; 0 for a single server} */
    public long redisPid() {
        return redis == null ? 0 : redis.pid();
    }

    /** {@return {@code path} on every node, node 1 first (one URL for a single server)} */
    public List<URI> urls(String path) {
        List<URI> urls = new ArrayList<>(List.of(url(path)));
        peers.forEach(p -> urls.add(p.url(path)));
        return urls;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI url(String path) {
        return URI.create((clientTls != null ? "wss" : "ws") + "://127.0.0.1:" + port + path);
    }

    /** {@return the client context for this server's {@code wss://} URLs; null for ws://} */
    public SSLContext clientTls() {
        return clientTls;
    }

    /** {@return the protocol and cipher suite the readiness probe negotiated; null for ws:// or before it} */
    public synchronized String negotiatedTls() {
        return negotiated.length() == 0 ? null : negotiated.toString();
    }

    /**
     * Polls until a WebSocket handshake on {@code /echo} succeeds (on every node of a cluster); fails
     * if a process ends or time runs out.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServerProcess peer : peers) {
            peer.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (redis != null) {
            awaitSubscribed(deadline, timeout);
        }
        String last = "not tried";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with status " + process.exitValue()
                        + " before it was ready; its log " + log + " ends with:\n" + logTail());
            }
            synchronized (this) {
                last = Handshake.probe(url("/echo"), clientTls, 1000, negotiated);
            }
            if (last == null) {
                return;
            }
            LoadRun.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException(spec.name() + " not ready within " + Durations.format(timeout) + " (" + last
                + "); its log " + log + " ends with:\n" + logTail());
    }

    /**
     * A cluster is ready once every node is subscribed to the bus as well: a node that is not yet
     * would miss the first broadcasts, which E counts as losses.
     */
    private void awaitSubscribed(long deadline, Duration timeout) {
        long subscribed = redis.subscribers(BUS_CHANNEL);
        while (subscribed < 1 + peers.size()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(spec.name() + ": " + subscribed + " of " + (1 + peers.size())
                        + " nodes subscribed to " + BUS_CHANNEL + " within " + Durations.format(timeout) + "; node 1's log "
                        + log + " ends with:\n" + logTail());
            }
            LoadRun.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
            subscribed = redis.subscribers(BUS_CHANNEL);
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within 10 s; a cluster's other nodes and Redis after it. */
    @Override
    public void close() {
        try {
            closeProcess();
        } finally {
            peers.forEach(ServerProcess::close);
            if (redis != null) {
                redis.close();
            }
        }
    }

    private void closeProcess() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(this);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's class path with absolute entries, so a server JVM finds the same classes. */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
