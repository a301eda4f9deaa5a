package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting and stopping a server: what clients, handlers, threads and the port see. */
class ServerLifecycleTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        servers.close();
    }

    private WsServer startServer() {
        return servers.start(TestServers.local().route("/ws", handler));
    }

    private List<JdkWsClient> openClients(int port, int count) {
        List<JdkWsClient> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JdkWsClient client = JdkWsClient.connect(port, "/ws");
            clients.add(client);
            opened.add(client);
            handler.awaitOpen();
        }
        return opened;
    }

    private static Set<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("ws-loop-"))
                .collect(Collectors.toSet());
    }

    // ---- stop(grace) with live sessions

    // RFC 6455 section 7.4.1: 1001 "going away", such as a server going down.
    @Test
    void stopSendsGoingAwayToEveryClient() {
        WsServer server = startServer();
        List<JdkWsClient> open = openClients(server.port(), 5);

        server.stop(Duration.ofSeconds(10));

        for (JdkWsClient client : open) {
            assertThat(client.awaitClose().code()).isEqualTo(1001);
        }
    }

    @Test
    void stopCallsOnCloseOfEverySessionWithGoingAway() {
        WsServer server = startServer();
        openClients(server.port(), 5);

        server.stop(Duration.ofSeconds(10));

        List<String> ids = handler.openedIds();
        assertThat(ids).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(handler.awaitClose().status().code()).isEqualTo(1001);
        }
        ids.forEach(id -> assertThat(handler.closeCalls(id)).as("onClose of %s", id).isEqualTo(1));
    }

    @Test
    void stopReturnsAndEveryLoopThreadHasEnded() throws InterruptedException {
        Set<Thread> before = loopThreads();
        WsServer server = servers.start(TestServers.local().eventLoops(3).route("/ws", handler));
        Set<Thread> ours = new HashSet<>(loopThreads());
        ours.removeAll(before);
        assertThat(ours).hasSize(3);
        openClients(server.port(), 4);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));

        JdkWsClient.await(stopped, "stop to return");
        for (Thread thread : ours) {
            thread.join(BOUND.toMillis());
            assertThat(thread.isAlive()).as("%s after stop", thread.getName()).isFalse();
        }
        assertThat(server.isRunning()).isFalse();
        assertThat(server.connectionCount()).isZero();
    }

    // Javadoc of stop: "Returns once every engine thread has ended."
    @Test
    void noLoopThreadIsAliveWhenStopReturns() {
        for (int round = 0; round < 50; round++) {
            Set<Thread> before = loopThreads();
            WsServer server = servers.start(TestServers.local().eventLoops(2).route("/ws", handler));
            Set<Thread> ours = new HashSet<>(loopThreads());
            ours.removeAll(before);

            server.stop(Duration.ofSeconds(5));

            assertThat(ours).as("round %d", round).noneMatch(Thread::isAlive);
        }
    }

    @Test
    void stopReturnsWithoutWaitingOutTheGraceWhenEveryClientAnswers() {
        WsServer server = servers.start(TestServers.local().route("/ws", handler));
        List<JdkWsClient> open = openClients(server.port(), 20); // the JDK's client answers a close at once

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(Duration.ofMinutes(2)));

        JdkWsClient.await(stopped, "stop to return well before its grace period of 2 minutes");
        open.forEach(client -> assertThat(client.awaitClose().code()).isEqualTo(1001));
    }

    @Test
    void stopFreesThePortForANewServer() {
        WsServer server = startServer();
        int port = server.port();
        openClients(port, 3);

        server.stop(Duration.ofSeconds(10));

        WsServer next = servers.start(TestServers.local().port(port).route("/ws", handler));
        assertThat(next.port()).isEqualTo(port);
        JdkWsClient client = JdkWsClient.connect(port, "/ws");
        clients.add(client);
        client.sendText("second life");
        assertThat(client.awaitText()).isEqualTo("second life");
    }

    @Test
    void stopCutsOffAClientThatNeverAnswersTheCloseWhenGraceEnds() throws Exception {
        // the close timeout is far longer than the grace period: only the grace period can end it
        WsServer server = servers.start(TestServers.local().closeTimeout(Duration.ofMinutes(2)).route("/ws", handler));
        RawWsClient silent = RawWsClient.open(server.port(), "/ws");
        clients.add(silent);
        handler.awaitOpen();
        silent.setReadTimeout((int) BOUND.toMillis());
        long started = System.nanoTime();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(1)));

        RawWsClient.Frame close = silent.readClose(); // and never answer it
        assertThat(close.closeCode()).isEqualTo(1001);
        assertThat(silent.awaitEndOfStream()).as("the server closed the socket").isTrue();
        JdkWsClient.await(stopped, "stop to return");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stop waited for the grace period")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(handler.awaitClose().status().code()).isEqualTo(1001);
    }

    @Test
    void stopClosesConnectionsStillInTheirHandshake() throws Exception {
        WsServer server = startServer();
        RawWsClient pending = RawWsClient.connect(server.port());
        clients.add(pending);
        pending.sendRaw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // head not finished
        await().atMost(BOUND).until(() -> server.connectionCount() == 1);

        server.stop(Duration.ofSeconds(10));

        assertThat(pending.awaitEndOfStream()).isTrue();
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void stopWithoutSessionsReturnsAndRefusesNewConnections() {
        WsServer server = startServer();
        int port = server.port();

        server.stop(Duration.ofSeconds(10));

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        }).isInstanceOf(IOException.class);
    }

    // ---- start and stop, misused

    @Test
    void stopTwiceIsHarmless() {
        WsServer server = startServer();
        openClients(server.port(), 1);
        server.stop(Duration.ofSeconds(10));

        server.stop(Duration.ofSeconds(10));

        assertThat(server.isRunning()).isFalse();
        assertThat(handler.totalCloseCalls()).isEqualTo(1);
    }

    @Test
    void stopBeforeStartIsHarmless() {
        WsServer server = new WsServer(TestServers.local().route("/ws", handler).build());

        server.stop(Duration.ofSeconds(1));

        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void startTwiceThrows() {
        WsServer server = startServer();

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void startAfterStopThrows() {
        WsServer server = startServer();
        server.stop(Duration.ofSeconds(5));

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void portBeforeStartThrows() {
        WsServer server = new WsServer(TestServers.local().route("/ws", handler).build());

        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startOnAPortInUseThrowsUncheckedIoExceptionNamingTheAddress() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = occupant.getLocalPort();
            WsServer server = new WsServer(TestServers.local().port(port).route("/ws", handler).build());

            assertThatThrownBy(server::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void failedStartLeavesNoLoopThreadBehind() throws IOException {
        Set<Thread> before = loopThreads();
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            WsServer server = new WsServer(TestServers.local().port(occupant.getLocalPort()).eventLoops(2)
                    .route("/ws", handler).build());

            assertThatThrownBy(server::start).isInstanceOf(UncheckedIOException.class);
        }

        Set<Thread> after = new HashSet<>(loopThreads());
        after.removeAll(before);
        assertThat(after).noneMatch(Thread::isAlive);
    }

    @Test
    void isRunningFollowsStartAndStop() {
        WsServer server = new WsServer(TestServers.local().route("/ws", handler).build());
        try {
            assertThat(server.isRunning()).isFalse();

            server.start();
            assertThat(server.isRunning()).isTrue();
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void connectionCountFollowsClients() throws Exception {
        WsServer server = startServer();
        List<JdkWsClient> open = openClients(server.port(), 3);
        await().atMost(BOUND).until(() -> server.connectionCount() == 3);

        for (JdkWsClient client : open) {
            client.sendClose(1000, "");
            JdkWsClient.await(client.closed(), "the close");
        }

        await().atMost(BOUND).until(() -> server.connectionCount() == 0);
    }
}
