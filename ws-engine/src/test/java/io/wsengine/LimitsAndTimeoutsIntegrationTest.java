package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.Payloads;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Per-route message limits, the outbound buffer limit, and the idle, ping and close timers, seen by
 * real clients. Timers are set short; every wait is bounded far above them.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class LimitsAndTimeoutsIntegrationTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        servers.close();
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    // ---- per-route message limits

    @Test
    void routeMessageLimitBelowTheServersClosesWith1009() {
        int port = servers.start(transport.local()
                .route(WsRoute.builder("/small", handler).maxMessageSize(1000).build())).port();
        JdkWsClient client = track(transport.connectJdk(port, "/small"));

        client.sendText(Payloads.text(1000));
        assertThat(client.awaitText()).hasSize(Payloads.text(1000).length());
        client.sendText(Payloads.text(1001));

        assertThat(client.awaitClose().code()).isEqualTo(1009); // RFC 6455 section 7.4.1
    }

    @Test
    void routeMessageLimitAboveTheServersAcceptsLargerMessages() {
        // server default: 1 MiB; this route allows 4 MiB, and the JDK client sends a message as one frame
        int port = servers.start(transport.local()
                .route(WsRoute.builder("/large", handler).maxMessageSize(4 * 1024 * 1024).build())).port();
        JdkWsClient client = track(transport.connectJdk(port, "/large"));
        byte[] data = Payloads.binary(2 * 1024 * 1024);

        client.sendBinary(data);

        assertThat(client.closed()).isNotDone();
        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    @Test
    void routeMessageLimitAboveTheServersAcceptsLargerFragmentedMessages() {
        int port = servers.start(transport.local()
                .route(WsRoute.builder("/large", handler).maxMessageSize(4 * 1024 * 1024).build())).port();
        JdkWsClient client = track(transport.connectJdk(port, "/large"));
        byte[] data = Payloads.binary(2 * 1024 * 1024);
        int half = data.length / 2;

        client.sendBinary(Arrays.copyOfRange(data, 0, half), false)
                .sendBinary(Arrays.copyOfRange(data, half, data.length), true);

        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    // ---- outbound buffer limit

    @Test
    void sessionWhosePeerStopsReadingIsClosedWith1008WhenItsOutboundBufferOverflows() throws Exception {
        WsServer server = servers.start(transport.local()
                .maxOutboundBuffer(64 * 1024)
                .closeTimeout(Duration.ofMinutes(1)) // the close frame waits until the test reads
                .route("/ws", handler));
        RawWsClient reader = track(transport.openRaw(server.port(), "/ws")); // reads nothing for now
        WsSession session = handler.awaitOpen();
        byte[] chunk = Payloads.binary(16 * 1024);

        CompletableFuture<Void> refused = null;
        for (int i = 0; i < 20_000 && refused == null; i++) { // at most 320 MiB: far past any socket buffer
            CompletableFuture<Void> sent = session.sendBinary(chunk);
            if (sent.isCompletedExceptionally()) {
                refused = sent;
            }
        }

        assertThat(refused).as("a send over the limit").isNotNull();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(OutboundLimitExceededException.class);
        await().atMost(BOUND).until(() -> !session.isOpen());
        RawWsClient.Frame close = reader.readClose(); // now read: the data, then the close
        assertThat(close.closeCode()).isEqualTo(1008);
        reader.sendClose(1008, "");
        assertThat(handler.awaitClose().status().code()).isEqualTo(1008);
    }

    // ---- send futures end, whatever happens to the connection

    @Test
    void pendingSendFuturesFailWhenThePeerDisappears() throws Exception {
        WsServer server = servers.start(transport.local().maxOutboundBuffer(64 * 1024 * 1024).route("/ws", handler));
        RawWsClient reader = track(transport.openRaw(server.port(), "/ws"));
        WsSession session = handler.awaitOpen();
        byte[] chunk = Payloads.binary(1024 * 1024);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 32; i++) { // 32 MiB: within the limit, far more than socket buffers take unread
            sent.add(session.sendBinary(chunk));
        }

        reader.close();

        CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        await().atMost(BOUND).until(() -> sent.stream().allMatch(CompletableFuture::isDone));
        assertThat(all).isCompletedExceptionally();
        assertThat(sent).filteredOn(CompletableFuture::isCompletedExceptionally).allSatisfy(future ->
                assertThat(future).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(WsSessionClosedException.class));
        assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
        await().atMost(BOUND).until(() -> session.bufferedAmount() == 0);
    }

    @Test
    void everySendFutureCompletesWhenTheSessionClosesDuringASendStorm() throws Exception {
        WsServer server = servers.start(transport.local().route("/ws", handler));
        for (int round = 0; round < 20; round++) {
            JdkWsClient client = track(transport.connectJdk(server.port(), "/ws"));
            WsSession session = handler.awaitOpen();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            CompletableFuture<Void> storm = CompletableFuture.runAsync(() -> {
                while (session.isOpen() && sent.size() < 200_000) {
                    sent.add(session.sendText("storm"));
                }
            });

            client.webSocket().sendClose(1000, ""); // not awaited: the server may have closed first (1008)
            JdkWsClient.await(storm, "the send storm to end");

            int rounds = round;
            await().atMost(BOUND).untilAsserted(() -> assertThat(stuck(sent))
                    .as("round %d: indexes of the %d send futures never completed", rounds, sent.size())
                    .isEmpty());
            handler.awaitClose();
        }
    }

    // RFC 6455 section 5.5.1: after sending a close frame, an endpoint must not send more data frames.
    @Test
    void noFrameFollowsTheServersCloseFrameWhenSendsRaceTheClose() throws Exception {
        WsServer server = servers.start(transport.local()
                .closeTimeout(Duration.ofMillis(150)) // the client never answers: the server then hangs up
                .route("/ws", handler));
        for (int round = 0; round < 30; round++) {
            RawWsClient client = track(transport.openRaw(server.port(), "/ws"));
            WsSession session = handler.awaitOpen();
            CountDownLatch storming = new CountDownLatch(1);
            CompletableFuture<Void> storm = CompletableFuture.runAsync(() -> {
                for (int i = 0; session.isOpen() && i < 200_000; i++) {
                    session.sendText("storm");
                    storming.countDown();
                }
            });
            assertThat(storming.await(20, TimeUnit.SECONDS)).isTrue();

            session.close(CloseStatus.of(4000));

            client.readClose(); // data frames before it are fine
            int next = client.input().read();
            assertThat(next).as("round %d: a byte after the close frame instead of the end of the stream", round)
                    .isEqualTo(-1);
            JdkWsClient.await(storm, "the send storm to end");
            handler.awaitClose();
        }
    }

    /** Indexes of the futures not yet done. */
    private static List<Integer> stuck(List<CompletableFuture<Void>> futures) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            if (!futures.get(i).isDone()) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    // ---- timers

    @Test
    void idleSessionIsClosedWithGoingAway() {
        int port = servers.start(transport.local().idleTimeout(Duration.ofMillis(500)).route("/ws", handler)).port();
        JdkWsClient client = track(transport.connectJdk(port, "/ws"));

        JdkWsClient.Close close = client.awaitClose();

        assertThat(close.code()).isEqualTo(1001);
        assertThat(close.reason()).contains("idle");
        assertThat(handler.awaitClose().status().code()).isEqualTo(1001);
    }

    @Test
    void sessionThatKeepsTalkingIsNotClosedForIdleness() {
        transport.assumePlain("seconds of the idle timer's own arithmetic, the same whatever carries the bytes");
        int port = servers.start(transport.local().idleTimeout(Duration.ofSeconds(1)).route("/ws", handler)).port();
        JdkWsClient client = track(transport.connectJdk(port, "/ws"));
        ScheduledExecutorService talker = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger count = new AtomicInteger();
            // a message every 200 ms for about 3 s: three times the idle timeout, never idle for long
            talker.scheduleAtFixedRate(() -> {
                int n = count.getAndIncrement();
                if (n < 15) {
                    client.webSocket().sendText("still here " + n, true);
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            for (int n = 0; n < 15; n++) {
                assertThat(client.awaitText()).isEqualTo("still here " + n);
            }
        } finally {
            talker.shutdownNow();
        }

        assertThat(client.closed()).isNotDone();
    }

    // Reading is paused: the server cannot see the peer's frames, so it cannot call the peer idle.
    @Test
    void aSessionWhoseReadingIsPausedIsNotClosedForIdleness() {
        int port = servers.start(transport.local().idleTimeout(Duration.ofMillis(300)).route("/ws", handler)).port();
        JdkWsClient client = track(transport.connectJdk(port, "/ws"));
        WsSession session = handler.awaitOpen();

        session.pauseReading();

        // four idle timeouts and more, held without a close
        await().during(Duration.ofMillis(1200)).atMost(BOUND).until(() -> !client.closed().isDone());
        session.resumeReading();
        assertThat(client.awaitClose().code()).as("idle again once resumed").isEqualTo(1001);
    }

    @Test
    void pingIntervalSendsPingsThatTheClientAnswers() {
        int port = servers.start(transport.local().pingInterval(Duration.ofMillis(200)).route("/ws", handler)).port();
        JdkWsClient client = track(transport.connectJdk(port, "/ws"));

        client.awaitPing();
        client.awaitPing();

        handler.awaitPong(); // the JDK's client answers by itself
    }

    @Test
    void pongsKeepAnIdleButAnsweringClientOpen() {
        transport.assumePlain("seconds of the idle timer's own arithmetic, the same whatever carries the bytes");
        int port = servers.start(transport.local()
                .pingInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofSeconds(1))
                .route("/ws", handler)).port();
        JdkWsClient client = track(transport.connectJdk(port, "/ws"));

        for (int i = 0; i < 25; i++) { // about 2.5 s, more than twice the idle timeout
            client.awaitPing();
        }

        assertThat(client.closed()).isNotDone();
        client.sendText("alive");
        assertThat(client.awaitText()).isEqualTo("alive");
    }

    @Test
    void peerThatNeverAnswersTheServersCloseIsCutOffAfterTheCloseTimeout() throws Exception {
        int port = servers.start(transport.local().closeTimeout(Duration.ofMillis(500)).route("/ws", handler)).port();
        RawWsClient silent = track(transport.openRaw(port, "/ws"));
        WsSession session = handler.awaitOpen();
        silent.setReadTimeout((int) BOUND.toMillis());

        session.close(CloseStatus.of(4000).withReason("go"));

        RawWsClient.Frame close = silent.readClose();
        assertThat(close.closeCode()).isEqualTo(4000);
        assertThat(close.closeReason()).isEqualTo("go");
        assertThat(silent.awaitEndOfStream()).as("the server closed the socket").isTrue();
        assertThat(handler.awaitClose().status()).isEqualTo(new CloseStatus(4000, "go"));
    }

    @Test
    void serverClosesTheTcpConnectionOnceBothCloseFramesAreExchanged() throws Exception {
        int port = servers.start(transport.local().route("/ws", handler)).port();
        RawWsClient client = track(transport.openRaw(port, "/ws"));
        WsSession session = handler.awaitOpen();

        session.close(CloseStatus.NORMAL);
        assertThat(client.readClose().closeCode()).isEqualTo(1000);
        client.sendClose(1000, "");

        // RFC 6455 section 7.1.1: the server should close the underlying TCP connection first.
        assertThat(client.awaitEndOfStream()).isTrue();
        assertThat(handler.awaitClose().status().code()).isEqualTo(1000);
    }
}
