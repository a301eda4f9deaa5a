package io.wsengine.spring.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with a temporary directory
 * and no persistence, stopped with {@link #close()}. As a JUnit extension
 * ({@code @RegisterExtension static final RedisServer redis = RedisServer.perClass();}) it starts
 * before the class's tests and its {@code @BeforeAll} methods, and is closed after them. {@link #stop()} and {@link #start()} take it
 * down and bring it back on the same port, for outage tests. Where the binary is missing the test is
 * skipped and says so, except under CI ({@code CI=true}), where {@code .ci/run} installs it and a
 * missing binary is a failure.
 */
public final class RedisServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private String binary;
    private int port;
    private Path directory;
    private Process process;

    private RedisServer() {
    }

    /** {@return a server that starts before a test class's tests, as its extension, and stops after them} */
    public static RedisServer perClass() {
        return new RedisServer();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        prepareOrSkip();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts a server, or skips the calling test where {@code redis-server} is not installed. */
    public static RedisServer startOrSkip() {
        RedisServer server = new RedisServer();
        server.prepareOrSkip();
        server.start();
        return server;
    }

    /** Finds the binary (or skips), a free port and a temporary directory. */
    private void prepareOrSkip() {
        String found = findBinary();
        if (found == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is not installed, and CI needs it: .ci/run installs it");
            }
            Assumptions.abort("redis-server is not installed (Debian: apt-get install redis-server): test skipped");
        }
        try {
            binary = found;
            port = freePort();
            directory = Files.createTempDirectory("wsengine-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, after {@link #stop()}) on its port, and returns once it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", directory.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "yes", "--loglevel", "warning"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (!answersPing()) {
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

    /** Kills the server at once (no shutdown save), as a crash or a network loss would look to its clients. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Sends one inline command and returns the first line of the reply, such as {@code +PONG} or {@code :3}. */
    public String command(String inline) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        if (directory == null) {
            return; // skipped: nothing was made
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
