package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dead peers found by pings: a peer that does not answer a ping within the pong timeout is released at
 * once, {@code 1006} and no close handshake; one that answers stays; a paused session's wait does not
 * run; routes may set their own interval and timeout.
 */
class DeadPeerTest {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Duration PING = Duration.ofMillis(200);
    private static final Duration PONG = Duration.ofMillis(300);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        servers.close();
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    private int start(WsServerConfig.Builder config) {
        return servers.start(config).port();
    }

    @Test
    void aPeerThatAnswersNoPingIsReleasedWith1006WithoutACloseHandshake() throws IOException {
        int port = start(WsServerConfig.builder().port(0).pingInterval(PING).pongTimeout(PONG).route("/ws", handler));
        RawWsClient silent = track(RawWsClient.open(port, "/ws")); // reads nothing, answers nothing
        handler.awaitOpen();

        RecordingHandler.Closed closed = handler.awaitClose();

        assertThat(closed.status().code()).isEqualTo(1006);
        silent.setReadTimeout((int) BOUND.toMillis());
        RawWsClient.Frame frame = silent.readFrame();
        assertThat(frame.opcode()).as("a ping came, and then nothing but the end").isEqualTo(0x9);
        assertThat(silent.awaitEndOfStream()).isTrue();
    }

    @Test
    void aPeerThatAnswersStaysOpenPastManyTimeouts() {
        int port = start(WsServerConfig.builder().port(0).pingInterval(PING).pongTimeout(PONG).route("/ws", handler));
        JdkWsClient client = track(JdkWsClient.connect(port, "/ws")); // answers pings by itself
        for (int i = 0; i < 6; i++) {
            client.awaitPing(); // six pings: more than twice the interval plus the timeout
        }
        assertThat(client.closed()).isNotDone();
        client.sendText("still here");
        assertThat(client.awaitText()).isEqualTo("still here");
    }

    @Test
    void aSessionWithReadingPausedIsNotCountedDeadWhileItCannotReadItsPong() throws IOException {
        int port = start(WsServerConfig.builder().port(0).pingInterval(PING).pongTimeout(PONG).route("/ws", handler));
        track(RawWsClient.open(port, "/ws"));
        WsSession session = handler.awaitOpen();
        session.pauseReading();

        await().during(PING.plus(PONG).multipliedBy(3)).atMost(BOUND).until(session::isOpen);

        session.resumeReading();
        assertThat(handler.awaitClose().status().code()).as("the wait runs again once resumed").isEqualTo(1006);
    }

    @Test
    void aRouteSetsItsOwnPingsAndPongTimeout() throws IOException {
        RecordingHandler watched = new RecordingHandler();
        int port = start(WsServerConfig.builder().port(0)
                .route(WsRoute.builder("/watched", watched).pingInterval(PING).pongTimeout(PONG).build())
                .route("/plain", handler));
        track(RawWsClient.open(port, "/watched"));
        track(RawWsClient.open(port, "/plain"));
        WsSession plain = handler.awaitOpen();

        assertThat(watched.awaitClose().status().code()).isEqualTo(1006);
        assertThat(plain.isOpen()).as("the server pings no one, and waits for no pong").isTrue();
    }

    @Test
    void aRouteCanTurnTheServersPongTimeoutOff() throws IOException {
        RecordingHandler lenient = new RecordingHandler();
        int port = start(WsServerConfig.builder().port(0).pingInterval(PING).pongTimeout(PONG)
                .route(WsRoute.builder("/lenient", lenient).pongTimeout(Duration.ZERO).build())
                .route("/strict", handler));
        track(RawWsClient.open(port, "/lenient"));
        WsSession lenientSession = lenient.awaitOpen();
        track(RawWsClient.open(port, "/strict"));

        assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
        assertThat(lenientSession.isOpen()).isTrue();
    }

    @Test
    void negativeValuesAreRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> WsServerConfig.builder().pongTimeout(Duration.ofMillis(-1)))
                .withMessageContaining("pongTimeout");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> WsRoute.builder("/x", handler).pingInterval(Duration.ofMillis(-1)))
                .withMessageContaining("/x").withMessageContaining("pingInterval");
        assertThat(WsServerConfig.builder().route("/x", handler).build().pongTimeout()).isZero();
        assertThat(WsRoute.of("/x", handler).pongTimeout()).isNull();
    }
}
