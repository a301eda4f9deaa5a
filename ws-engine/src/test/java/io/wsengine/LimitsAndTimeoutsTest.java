package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RawWsClient.Frame;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Size limits, the outbound buffer limit and the timeouts (DESIGN: "Every limit has ... a clear outcome"). */
@ParameterizedClass
@EnumSource(TestTransport.class)
class LimitsAndTimeoutsTest extends RawServerTest {
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int PING = 0x9;
    private static final int MIB = 1024 * 1024;

    // ---- message size (RFC 6455 section 7.4.1: 1009, a message too big to process)

    // DESIGN: "No input may make the server allocate what the peer merely declared"
    @Test
    void closesWith1009OnDeclaredLengthOverLimit() throws IOException {
        startServer(config -> config.maxMessageSize(MIB));
        try (RawWsClient client = open()) {
            client.sendRaw(RawWsClient.frameHeader(true, BINARY, 2L * 1024 * MIB)); // 2 GiB declared, none sent
            assertClosedWith(client, 1009);
        }
    }

    @Test
    void closesWith1009WhenFragmentsAccumulateOverLimit() throws IOException {
        startServer(config -> config.maxMessageSize(MIB));
        try (RawWsClient client = open()) {
            client.sendFrame(false, BINARY, new byte[700 * 1024]);
            client.sendFrame(true, CONTINUATION, new byte[700 * 1024]);
            assertClosedWith(client, 1009);
        }
    }

    @Test
    void acceptsMessageAtTheLimit() throws IOException {
        startServer(config -> config.maxMessageSize(1000));
        try (RawWsClient client = open()) {
            client.sendText("x".repeat(1000));
            assertThat(client.readFrame().text()).hasSize(1000);
        }
    }

    @Test
    void routeLimitBelowServerLimitRejectsLargerMessage() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/small", handler).maxMessageSize(1000).build()));
        try (RawWsClient client = open("/small")) {
            client.sendText("x".repeat(1001));
            assertClosedWith(client, 1009);
        }
    }

    @Test
    void routeLimitBelowServerLimitRejectsAccumulatedFragments() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/small", handler).maxMessageSize(1000).build()));
        try (RawWsClient client = open("/small")) {
            client.sendFrame(false, TEXT, "x".repeat(600).getBytes(StandardCharsets.US_ASCII));
            client.sendFrame(true, CONTINUATION, "x".repeat(401).getBytes(StandardCharsets.US_ASCII));
            assertClosedWith(client, 1009);
        }
    }

    @Test
    void routeLimitBelowServerLimitAcceptsMessageAtRouteLimit() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/small", handler).maxMessageSize(1000).build()));
        try (RawWsClient client = open("/small")) {
            client.sendText("x".repeat(1000));
            assertThat(client.readFrame().text()).hasSize(1000);
        }
    }

    // WsRoute.Builder#maxMessageSize "overrides the server's message size limit for this route": upwards too
    @Test
    void routeLimitAboveServerLimitAcceptsLargerMessage() throws IOException {
        startServer(config -> config.maxMessageSize(MIB)
                .route(WsRoute.builder("/large", handler).maxMessageSize(4 * MIB).build()));
        byte[] payload = new byte[2 * MIB];
        Arrays.fill(payload, (byte) 7);
        try (RawWsClient client = open("/large")) {
            client.sendFrame(true, BINARY, payload);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).as("opcode (8 is a close, code %d)", echo.closeCode()).isEqualTo(BINARY);
            assertThat(echo.payload()).isEqualTo(payload);
        }
    }

    @Test
    void routeLimitAboveServerLimitAcceptsLargerFragmentedMessage() throws IOException {
        startServer(config -> config.maxMessageSize(MIB)
                .route(WsRoute.builder("/large", handler).maxMessageSize(4 * MIB).build()));
        try (RawWsClient client = open("/large")) {
            client.sendFrame(false, BINARY, new byte[MIB]);
            client.sendFrame(true, CONTINUATION, new byte[MIB]);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).as("opcode (8 is a close, code %d)", echo.closeCode()).isEqualTo(BINARY);
            assertThat(echo.payload()).hasSize(2 * MIB);
        }
    }

    // ---- outbound buffer (DESIGN: "peer stops reading ... never unbounded memory")

    /** Sends 16 KiB messages from its own thread as fast as the session takes them. */
    static final class FloodHandler implements WsHandler {
        static final int CHUNK = 16 * 1024;
        static final long SAFETY_STOP = 256L * MIB;

        final CompletableFuture<Throwable> sendFailure = new CompletableFuture<>();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        final AtomicLong maxBuffered = new AtomicLong();
        volatile WsSession session;

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            Thread flooder = new Thread(() -> flood(session), "flooder");
            flooder.setDaemon(true);
            flooder.start();
        }

        private void flood(WsSession session) {
            byte[] chunk = new byte[CHUNK];
            for (long sent = 0; sent < SAFETY_STOP && !sendFailure.isDone(); sent += CHUNK) {
                session.sendBinary(chunk).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        sendFailure.complete(failure);
                    }
                });
                maxBuffered.accumulateAndGet(session.bufferedAmount(), Math::max);
            }
        }

        @Override
        public void onClose(WsSession session, CloseStatus status) {
            closed.complete(status);
        }
    }

    @Test
    void closesWith1008WhenPeerStopsReadingAndOutboundBufferFills() throws Exception {
        long limit = 64 * 1024;
        FloodHandler flood = new FloodHandler();
        startServer(config -> config.maxOutboundBuffer(limit)
                .closeTimeout(Duration.ofMillis(500))
                .route("/flood", flood));
        try (RawWsClient client = transport.openRaw(port(), "/flood", socket -> socket.setReceiveBufferSize(4096))) {
            // the client reads nothing more
            Throwable failure = flood.sendFailure.get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(OutboundLimitExceededException.class);
            CloseStatus status = flood.closed.get(30, TimeUnit.SECONDS);
            assertThat(status.code()).isEqualTo(1008);
            assertThat(flood.maxBuffered.get()).as("largest buffered amount seen")
                    .isLessThanOrEqualTo(limit + 1024);
            assertThat(flood.session.isOpen()).isFalse();
            assertThat(flood.session.bufferedAmount()).as("bytes still held after close").isZero();
        }
    }

    // RFC 6455 section 5.5.2 asks for a pong per ping; a peer that pings and never reads must not make
    // the pongs pile up without bound (DESIGN: the outbound limit, then 1008)
    @Test
    void closesWith1008WhenPongsToAPeerThatNeverReadsFillTheOutboundBuffer() throws Exception {
        startServer(config -> config.maxOutboundBuffer(16 * 1024).closeTimeout(Duration.ofMillis(500)));
        try (RawWsClient client = transport.openRaw(port(), ECHO, socket -> socket.setReceiveBufferSize(4096))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.opened.size() == 1);
            byte[] payload = new byte[125];
            try {
                for (int i = 0; i < 50_000 && handler.closes.isEmpty(); i++) {
                    client.sendFrame(true, PING, payload); // and reads nothing
                }
            } catch (IOException e) {
                // the server gave up on us and closed the socket: what the test waits for below
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !handler.closes.isEmpty());
            assertThat(handler.closes.values()).extracting(CloseStatus::code).containsExactly(1008);
        }
    }

    // ---- timeouts

    // RFC 6455 section 7.1.1: the server closes TCP after the close handshake; when the client never
    // answers, the configured close timeout bounds the wait
    @Test
    void closesConnectionAfterCloseTimeoutWhenClientNeverAnswersClose() throws IOException {
        RecordingHandler closing = new RecordingHandler();
        startServer(config -> config.closeTimeout(Duration.ofMillis(300))
                .route("/close-on-open", new WsHandler() {
                    @Override
                    public void onOpen(WsSession session) {
                        session.close();
                    }

                    @Override
                    public void onClose(WsSession session, CloseStatus status) {
                        closing.onClose(session, status);
                    }
                }));
        try (RawWsClient client = open("/close-on-open")) {
            assertThat(client.readClose().closeCode()).isEqualTo(1000);
            client.setReadTimeout(4_000); // below the 5 s default: the configured timeout acts
            assertThat(client.readUntilClosed()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.closes.size() == 1);
        assertThat(closing.closes.values()).extracting(CloseStatus::code).containsExactly(1000);
    }

    @Test
    void closesIdleSessionWith1001() throws IOException {
        startServer(config -> config.idleTimeout(Duration.ofSeconds(1)));
        try (RawWsClient client = open()) {
            Frame close = client.readClose(); // bounded by the 10 s socket timeout
            assertThat(close.closeCode()).isEqualTo(1001);
            client.sendClose(1001, "");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.closes.size() == 1);
        assertThat(handler.closes.values()).extracting(CloseStatus::code).containsExactly(1001);
    }

    @Test
    void sendsPingsToSilentClientAtPingInterval() throws IOException {
        startServer(config -> config.pingInterval(Duration.ofMillis(200)));
        try (RawWsClient client = open()) {
            Frame first = client.readFrame();
            Frame second = client.readFrame();
            assertThat(first.opcode()).isEqualTo(PING);
            assertThat(second.opcode()).isEqualTo(PING);
            assertThat(first.masked()).isFalse();
        }
    }
}
