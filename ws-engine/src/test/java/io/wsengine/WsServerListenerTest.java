package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener hears what a scripted set of sessions does: opens and closes with who closed first,
 * refusals by status, messages and bytes each way, failed sends, pauses, pings and late pongs; one
 * that throws changes nothing for the sessions.
 */
class WsServerListenerTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** Every event, as text, in the order heard. */
    static final class Recorder implements WsServerListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void sessionOpened(WsSession session) {
            events.add("opened " + session.routePath());
        }

        @Override
        public void sessionClosed(WsSession session, CloseStatus status, ClosedBy closedBy) {
            events.add("closed " + session.routePath() + " " + status.code() + " " + closedBy);
        }

        @Override
        public void handshakeRefused(int status) {
            events.add("refused " + status);
        }

        @Override
        public void messageReceived(WsSession session, boolean text, int bytes) {
            events.add("in " + (text ? "text " : "binary ") + bytes);
        }

        @Override
        public void messageSent(WsSession session, boolean text, int bytes) {
            events.add("out " + (text ? "text " : "binary ") + bytes);
        }

        @Override
        public void sendFailed(WsSession session, SendFailure failure) {
            events.add("send failed " + failure);
        }

        @Override
        public void readingPaused(WsSession session) {
            events.add("paused");
        }

        @Override
        public void readingResumed(WsSession session) {
            events.add("resumed");
        }

        @Override
        public void pingSent(WsSession session) {
            events.add("ping");
        }

        @Override
        public void pongLate(WsSession session) {
            events.add("pong late");
        }

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }
    }

    private final TestServers servers = new TestServers();
    private final Recorder recorder = new Recorder();
    private final RecordingHandler echo = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    private int start(WsServerConfig.Builder config) {
        return servers.start(config.listener(recorder)).port();
    }

    @Test
    void messagesBytesAndWhoClosedFirst() {
        int port = start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).maxMessageSize(1000)
                .route("/chat/{room}", echo));
        try (JdkWsClient client = JdkWsClient.connect(port, "/chat/lobby")) {
            client.sendText("héllo"); // 6 bytes in UTF-8
            assertThat(client.awaitText()).isEqualTo("héllo");
            client.sendBinary(new byte[300]);
            assertThat(client.awaitBinary()).hasSize(300);
            client.sendClose(1000, "bye");
            client.awaitClose();
        }
        await().atMost(BOUND).until(() -> recorder.events.contains("closed /chat/{room} 1000 CLIENT"));
        assertThat(recorder.events).containsSubsequence("opened /chat/{room}", "in text 6", "out text 6",
                "in binary 300", "out binary 300", "closed /chat/{room} 1000 CLIENT");

        try (JdkWsClient big = JdkWsClient.connect(port, "/chat/big")) {
            big.sendText("x".repeat(2000));
            assertThat(big.awaitClose().code()).isEqualTo(1009);
        }
        await().atMost(BOUND).until(() -> recorder.events.contains("closed /chat/{room} 1009 SERVER"));
        assertThat(recorder.events).as("the template, never the raw path").noneMatch(e -> e.contains("/chat/big"));
    }

    @Test
    void refusalsByStatusAndAnAbruptEnd() throws Exception {
        int port = start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).route("/ws", echo));
        try (RawWsClient wrongPath = RawWsClient.connect(port)) {
            wrongPath.sendRaw(RawWsClient.upgradeRequest("/nowhere", port));
            assertThat(wrongPath.readResponseHead()).startsWith("HTTP/1.1 404");
        }
        try (RawWsClient foreign = RawWsClient.connect(port)) {
            foreign.sendRaw(RawWsClient.upgradeRequest("/ws", port, "Origin: https://elsewhere.example\r\n"));
            assertThat(foreign.readResponseHead()).startsWith("HTTP/1.1 403");
        }
        RawWsClient dropped = RawWsClient.open(port, "/ws");
        echo.awaitOpen();
        dropped.socket().setSoLinger(true, 0);
        dropped.close(); // a reset: no close frame
        await().atMost(BOUND).until(() -> recorder.events.contains("closed /ws 1006 CONNECTION"));
        assertThat(recorder.events).contains("refused 404", "refused 403");
    }

    @Test
    void failedSendsAndPauses() throws Exception {
        int port = start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0)
                .maxOutboundBuffer(1024).overflowPolicy(OverflowPolicy.DROP).route("/ws", echo));
        try (RawWsClient silent = RawWsClient.open(port, "/ws", socket -> socket.setReceiveBufferSize(1024))) {
            WsSession session = echo.awaitOpen();
            session.pauseReading();
            await().atMost(BOUND).until(() -> recorder.events.contains("paused"));
            session.resumeReading();
            await().atMost(BOUND).until(() -> recorder.events.contains("resumed"));
            byte[] chunk = new byte[700];
            for (int i = 0; i < 200 && recorder.count("send failed DROPPED") == 0; i++) {
                session.sendBinary(chunk); // the client reads nothing: the buffer fills, and DROP drops
            }
            assertThat(recorder.count("send failed DROPPED")).isPositive();
            assertThat(recorder.events).contains("out binary 700");
            session.close(CloseStatus.NORMAL);
            session.sendText("too late");
            assertThat(recorder.events).contains("send failed CLOSED");
        }
    }

    @Test
    void pingsAndALatePong() throws Exception {
        int port = start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0)
                .pingInterval(Duration.ofMillis(200)).pongTimeout(Duration.ofMillis(300)).route("/ws", echo));
        try (RawWsClient silent = RawWsClient.open(port, "/ws")) {
            await().atMost(BOUND).until(() -> recorder.events.contains("closed /ws 1006 SERVER"));
            assertThat(recorder.events).containsSubsequence("opened /ws", "ping", "pong late", "closed /ws 1006 SERVER");
        }
    }

    @Test
    void aListenerThatThrowsChangesNothingForTheSessionsNorForTheNextListener() {
        int port = servers.start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).route("/ws", echo)
                .listener(new WsServerListener() {
                    @Override
                    public void messageReceived(WsSession session, boolean text, int bytes) {
                        throw new IllegalStateException("a broken meter");
                    }

                    @Override
                    public void sessionOpened(WsSession session) {
                        throw new IllegalStateException("a broken meter");
                    }
                }).listener(recorder)).port();
        try (JdkWsClient client = JdkWsClient.connect(port, "/ws")) {
            client.sendText("still works");
            assertThat(client.awaitText()).isEqualTo("still works");
        }
        assertThat(echo.errors()).isEmpty();
        assertThat(recorder.events).as("the listener after it still hears everything")
                .containsSubsequence("opened /ws", "in text 11", "out text 11");
    }

    @Test
    void noListenerByDefault() {
        assertThat(WsServerConfig.builder().route("/ws", echo).build().listeners()).isEmpty();
    }
}
