package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TlsConfig.maxHandshakesPerLoop: a handshake runs its key exchange and signature on the event loop,
 * so a loop runs only so many at a time and new connections wait for a turn. One loop here and
 * one or two turns, so that every connection shares the loop with the open session under watch.
 */
class TlsHandshakeTurnsTest {
    private static final SSLContext CLIENT = TestCertificates.clientContext();
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The longest an echo of the open session may take while handshakes crowd its loop. Loose: the
     * clients' own handshakes share the machine's cores with the loop (typically 0.15 s here; 0.4 s
     * with no bound on the loop's handshakes).
     */
    private static final Duration ECHO_BOUND = Duration.ofSeconds(2);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        servers.close();
    }

    private WsServer start() {
        return start(2, HANDSHAKE_TIMEOUT);
    }

    private WsServer start(int turns, Duration handshakeTimeout) {
        return servers.start(TestServers.local()
                .eventLoops(1)
                .handshakeTimeout(handshakeTimeout)
                .tls(TlsConfig.builder(TestCertificates.serverContext()).maxHandshakesPerLoop(turns).build())
                .route("/ws", handler));
    }

    /** A TCP connection that sends half a ClientHello and then nothing: it holds a turn until it times out. */
    private Socket stall(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        stalled.add(socket);
        byte[] hello = EngineClient.clientHello(CLIENT);
        socket.getOutputStream().write(hello, 0, hello.length / 2);
        return socket;
    }

    /** Whether the server closes the socket (after its alerts, if any) within the read timeout. */
    private static boolean endsWithinReadTimeout(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read(new byte[256]) >= 0) {
                // the alerts of a closed handshake
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Echoes once on the open session; returns how long it took. */
    private static Duration echo(RawWsClient session, String text) throws IOException {
        long start = System.nanoTime();
        session.sendText(text);
        assertThat(session.readFrame().text()).isEqualTo(text);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // Both turns are taken by clients that never finish: a third waits, and completes once the
    // handshake timeout has freed a turn, within its own timeout (which counts the wait).
    @Test
    void aClientWaitsForATurnHeldByStalledHandshakesAndCompletesOnceOneTimesOut() throws IOException {
        WsServer server = start();
        try (RawWsClient open = RawWsClient.openTls(server.port(), "/ws", CLIENT)) {
            long stalledAt = System.nanoTime();
            Socket first = stall(server.port());
            stall(server.port());
            // The open session keeps answering meanwhile; its echoes also let the good client
            // arrive well after the stalled ones, so that its own timeout leaves it time once a turn frees.
            Duration slowest = Duration.ZERO;
            for (int i = 0; System.nanoTime() - stalledAt < HANDSHAKE_TIMEOUT.toNanos() / 2; i++) {
                Duration took = echo(open, "while stalled " + i);
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
            }

            try (RawWsClient late = RawWsClient.openTls(server.port(), "/ws", CLIENT)) {
                Duration waited = Duration.ofNanos(System.nanoTime() - stalledAt);
                echo(late, "after the wait");
                assertThat(waited).as("time from the stalls to the late client's session")
                        .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(150));
            }
            assertThat(endsWithinReadTimeout(first)).as("the stalled connection, closed by its timeout").isTrue();
            assertThat(slowest).as("slowest echo while both turns were held").isLessThan(ECHO_BOUND);
        }
    }

    // The point of the bound: a flood of handshakes costs the loop's open sessions at most two
    // handshakes' work per turn of the loop.
    @Test
    void anOpenSessionKeepsAnsweringWhileFiftyClientsHandshakeAtOnce() throws Exception {
        WsServer server = start();
        int clients = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (RawWsClient open = RawWsClient.openTls(server.port(), "/ws", CLIENT)) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> handshakes = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String text = "client " + i;
                handshakes.add(CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                        try (RawWsClient client = RawWsClient.openTls(server.port(), "/ws", CLIENT)) {
                            echo(client, text);
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(text + " failed", e);
                    }
                }, pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new));

            go.countDown();
            Duration slowest = Duration.ZERO;
            int echoes = 0;
            while (!all.isDone() || echoes < 5) {
                Duration took = echo(open, "during the flood " + echoes++);
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
            }

            all.get(20, TimeUnit.SECONDS); // every client got its session
            assertThat(slowest).as("slowest of %d echoes during the flood", echoes).isLessThan(ECHO_BOUND);
            assertThat(handler.openedIds()).hasSize(clients + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    // Connections that arrive together time out in the same tick of the loop's timer. The one with
    // the turn gives it to the first one waiting, which may then time out itself before its
    // handshake has begun: the turn must come back, or the loop would never run a handshake again.
    // Nine waiting behind one turn: the turn goes to one timed out in the same tick nine times in ten.
    @Test
    void aTurnGivenToAConnectionThatTimesOutBeforeItBeginsComesBack() throws IOException {
        Duration timeout = Duration.ofSeconds(1);
        WsServer server = start(1, timeout);
        for (int round = 0; round < 2; round++) {
            List<Socket> together = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                together.add(stall(server.port()));
            }
            for (Socket socket : together) {
                assertThat(endsWithinReadTimeout(socket)).as("a stalled connection, closed by its timeout").isTrue();
            }

            try (RawWsClient client = RawWsClient.openTls(server.port(), "/ws", CLIENT)) {
                echo(client, "after round " + round);
            }
        }
    }
}
