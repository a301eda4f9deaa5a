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
     * serves {@code wss://} only.
     */
    public record Spec(String name, String mainClass, List<String> args, String description, boolean tls) {
        public Spec(String name, String mainClass, List<String> args, String description) {
            this(name, mainClass, args, description, false);
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

    private ServerProcess(Spec spec, int port, Path log, Process process, SSLContext clientTls) {
        this.spec = spec;
        this.port = port;
        this.log = log;
        this.process = process;
        this.clientTls = clientTls;
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
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(spec.mainClass());
        command.add("--port");
        command.add(Integer.toString(port));
        command.addAll(spec.args());
        if (spec.tls()) {
            command.addAll(keys.serverArgs()); // a throwaway password of this run: on the command line is fine
        }
        Path log = logDir.resolve(spec.name() + logSuffix + ".log");
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

    public long pid() {
        return process.pid();
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

    /** Polls until a WebSocket handshake on {@code /echo} succeeds; fails if the process ends or time runs out. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within 10 s. */
    @Override
    public void close() {
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
