package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many connections at once, many connections one after another, and fan-out: with raw blocking
 * sockets, lighter than the JDK's client. Bounds are generous for a loaded 2-core machine; each
 * test has a hard timeout so that a hang fails instead of stalling the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadIntegrationTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Path FDS = Path.of("/proc/self/fd");

    private final TestServers servers = new TestServers();
    private final List<RawWsClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @AfterEach
    void cleanUp() throws Exception {
        for (RawWsClient client : clients) {
            client.close();
        }
        servers.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    // ---- many at once

    @Test
    void thousandConcurrentConnectionsEachEchoSeveralMessages() throws Exception {
        int connections = 1000;
        int messages = 5;
        assumeFreeFileDescriptors(2 * connections + 500); // a client and a server socket each
        RecordingHandler handler = RecordingHandler.echoing();
        WsServer server = servers.start(TestServers.local().route("/echo", handler));
        int port = server.port();

        List<RawWsClient> open = inParallel(connections, i -> track(RawWsClient.open(port, "/echo")));
        await().atMost(BOUND).until(() -> handler.openedIds().size() == connections);
        await().atMost(BOUND).until(() -> server.connectionCount() == connections);

        inParallel(connections, i -> {
            RawWsClient client = open.get(i);
            for (int m = 0; m < messages; m++) {
                if (m % 2 == 0) {
                    client.sendText(message(i, m));
                } else {
                    client.sendFrame(true, 0x2, message(i, m).getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int m = 0; m < messages; m++) {
                RawWsClient.Frame frame = client.readFrame();
                assertThat(frame.opcode()).as("opcode of echo %d of client %d", m, i).isEqualTo(m % 2 == 0 ? 1 : 2);
                assertThat(frame.text()).isEqualTo(message(i, m));
            }
            return null;
        });
        assertThat(handler.totalCloseCalls()).as("sessions closed before their clients closed them").isZero();

        inParallel(connections, i -> {
            open.get(i).sendClose(1000, "");
            assertThat(open.get(i).readClose().closeCode()).isEqualTo(1000);
            return null;
        });
        await().atMost(BOUND).until(() -> handler.totalCloseCalls() == connections);
        await().atMost(BOUND).until(() -> server.connectionCount() == 0);
    }

    private static String message(int client, int index) {
        return "client " + client + " message " + index + " ü😀";
    }

    // ---- many one after another: nothing may be left behind

    @Test
    void fileDescriptorsDoNotGrowOverTwoThousandCloseHandshakes() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        WsServer server = servers.start(TestServers.local().route("/ws", handler));
        int port = server.port();

        long growth = fileDescriptorGrowthOver(server, 2000, () -> {
            try (RawWsClient client = RawWsClient.open(port, "/ws")) {
                client.sendClose(1000, "");
                assertThat(client.readClose().closeCode()).isEqualTo(1000);
                // Section 7.1.1: the server closes the TCP connection first.
                assertThat(client.awaitEndOfStream()).isTrue();
            }
        });

        assertThat(growth).as("open file descriptors gained").isLessThanOrEqualTo(10);
        await().atMost(BOUND).until(() -> handler.totalCloseCalls() == handler.openedIds().size());
    }

    @Test
    void fileDescriptorsDoNotGrowOverTwoThousandDroppedConnections() throws Exception {
        RecordingHandler handler = RecordingHandler.echoing();
        WsServer server = servers.start(TestServers.local().route("/ws", handler));
        int port = server.port();
        int[] cycle = {0};

        long growth = fileDescriptorGrowthOver(server, 2000, () -> {
            try (RawWsClient client = RawWsClient.open(port, "/ws")) {
                if (cycle[0]++ % 2 == 0) {
                    client.sendText("and gone");
                }
            } // no close frame: the socket just closes
        });

        assertThat(growth).as("open file descriptors gained").isLessThanOrEqualTo(10);
        await().atMost(BOUND).until(() -> handler.totalCloseCalls() == handler.openedIds().size());
    }

    @Test
    void fileDescriptorsDoNotGrowOverRefusedHandshakes() throws Exception {
        WsServer server = servers.start(TestServers.local().route("/ws", new RecordingHandler()));
        int port = server.port();

        long growth = fileDescriptorGrowthOver(server, 1000, () -> {
            try (RawWsClient client = RawWsClient.connect(port)) {
                String response = client.sendRaw(RawWsClient.upgradeRequest("/nowhere", port)).readResponse();
                assertThat(response).startsWith("HTTP/1.1 404 ");
            }
        });

        assertThat(growth).as("open file descriptors gained").isLessThanOrEqualTo(10);
    }

    interface Cycle {
        void run() throws Exception;
    }

    /**
     * Runs the cycle a few times to warm up, counts the open descriptors, runs it {@code cycles} times,
     * and returns how many more are open once the server has released every connection and the count
     * has settled.
     */
    private long fileDescriptorGrowthOver(WsServer server, int cycles, Cycle cycle) throws Exception {
        assumeThat(Files.isDirectory(FDS)).as("/proc/self/fd exists").isTrue();
        for (int i = 0; i < 50; i++) {
            cycle.run();
        }
        await().atMost(BOUND).until(() -> server.connectionCount() == 0);
        long before = openFileDescriptors();

        for (int i = 0; i < cycles; i++) {
            cycle.run();
        }

        await().atMost(BOUND).until(() -> server.connectionCount() == 0);
        // closes are asynchronous: wait, bounded, for the count to come back near where it was
        long[] after = {Long.MAX_VALUE};
        try {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
                after[0] = openFileDescriptors();
                return after[0] <= before + 10;
            });
        } catch (ConditionTimeoutException e) {
            // fall through: the caller's assertion reports the growth
        }
        return after[0] - before;
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> entries = Files.list(FDS)) {
            return entries.count();
        }
    }

    // ---- fan-out

    @Test
    void oneSessionSendsToHundredOthersFromItsLoopAndEachReceivesInOrder() throws Exception {
        int listeners = 100;
        int rounds = 50;
        List<WsSession> audience = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
        WsHandler room = new WsHandler() {
            @Override
            public void onOpen(WsSession session) {
                if ("listener".equals(session.handshake().queryParam("role"))) {
                    audience.add(session);
                }
            }

            @Override
            public void onText(WsSession session, String text) {
                for (int round = 0; round < rounds; round++) {
                    for (WsSession listener : audience) {
                        sends.add(listener.sendText(text + " #" + round));
                    }
                }
            }
        };
        WsServer server = servers.start(TestServers.local().eventLoops(2).route("/room", room));
        int port = server.port();
        List<RawWsClient> ears = inParallel(listeners, i -> track(RawWsClient.open(port, "/room?role=listener")));
        await().atMost(BOUND).until(() -> audience.size() == listeners);
        RawWsClient speaker = track(RawWsClient.open(port, "/room?role=speaker"));

        speaker.sendText("news ✓");

        inParallel(listeners, i -> {
            for (int round = 0; round < rounds; round++) {
                RawWsClient.Frame frame = ears.get(i).readFrame();
                assertThat(frame.opcode()).isEqualTo(1);
                assertThat(frame.text()).as("listener %d", i).isEqualTo("news ✓ #" + round);
            }
            return null;
        });
        assertThat(sends).hasSize(listeners * rounds);
        await().atMost(BOUND).until(() -> sends.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
    }

    // ---- helpers

    private RawWsClient track(RawWsClient client) {
        clients.add(client);
        return client;
    }

    interface Indexed<T> {
        T call(int index) throws Exception;
    }

    /** Runs the task for every index on the pool and returns the results in index order. */
    private <T> List<T> inParallel(int count, Indexed<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(executor.submit((Callable<T>) () -> task.call(index)));
        }
        List<T> results = new ArrayList<>(count);
        long deadline = System.nanoTime() + BOUND.toNanos() * 2;
        for (Future<T> future : futures) {
            results.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        return results;
    }

    private static void assumeFreeFileDescriptors(long needed) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
            assumeThat(free).as("free file descriptors (ulimit -n %d)", unix.getMaxFileDescriptorCount())
                    .isGreaterThanOrEqualTo(needed);
        }
    }
}
