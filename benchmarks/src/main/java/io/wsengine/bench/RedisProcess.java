package io.wsengine.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} for the starter's cluster bus in a benchmark: a free loopback port, a
 * temporary directory, no persistence ({@code --save ""}, no AOF), stopped by its PID with
 * {@link #close()} (and by the servers' shutdown hook through the node that owns it). The runner's
 * copy of the starter tests' {@code RedisServer}, which lives in a test jar this module does not use.
 */
public final class RedisProcess implements AutoCloseable {
    /** What a missing binary tells the user: the fix, not only the symptom. */
    static final String MISSING = "redis-server is not on the PATH; the cluster benchmark starts its own:"
            + " install it (Debian/Ubuntu: apt-get install redis-server)";
    private static final long START_TIMEOUT_MILLIS = 15_000;

    public final int port;
    private final Path directory;
    private final Process process;

    private RedisProcess(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** The {@code redis-server} on the PATH, or null. */
    public static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /**
     * Starts a server behind {@code launcher} (taskset when pinned) and returns once it answers PING.
     *
     * @throws IllegalStateException naming {@code apt-get install redis-server} when the binary is missing
     */
    public static RedisProcess start(List<String> launcher) {
        String binary = findBinary();
        if (binary == null) {
            throw new IllegalStateException(MISSING);
        }
        Path directory;
        int port;
        try {
            directory = Files.createTempDirectory("wsbench-redis-");
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", directory.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "yes",
                "--loglevel", "warning"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        RedisProcess redis = new RedisProcess(port, directory, process);
        try {
            redis.awaitPong();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (!"+PONG".equals(command("PING"))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server ended at start: " + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server did not answer within " + START_TIMEOUT_MILLIS + " ms: " + log());
            }
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS); // a bounded pause between probes, ends early if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while redis-server started", e);
            }
        }
    }

    /** One inline command; the first line of the reply ({@code +PONG}), or null when Redis does not answer. */
    String command(String inline) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * How many clients are subscribed to {@code channel} ({@code PUBSUB NUMSUB}): a node of the cluster
     * hears the others once it is; -1 when Redis does not answer.
     */
    long subscribers(String channel) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = null;
            for (int i = 0; i < 4; i++) { // *2, $length, the channel, :count
                line = in.readLine();
            }
            return line != null && line.startsWith(":") ? Long.parseLong(line.substring(1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public long pid() {
        return process.pid();
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the server by its PID (nothing to save) and removes its directory. */
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
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
