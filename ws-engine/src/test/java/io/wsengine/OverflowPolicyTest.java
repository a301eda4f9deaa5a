package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The three answers to a peer that does not read what the server sends ({@link OverflowPolicy}), each
 * against a raw client with a small receive buffer that reads nothing until the test lets it.
 */
class OverflowPolicyTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int LIMIT = 64 * 1024;
    /** Far more than the kernel's socket buffers on both sides take while nobody reads. */
    private static final int REQUESTS = 2048;
    private static final int REQUEST_SIZE = 4096;

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

    private WsServer start(OverflowPolicy policy) {
        return servers.start(TestServers.local().maxOutboundBuffer(LIMIT).overflowPolicy(policy)
                .closeTimeout(Duration.ofMinutes(1)) // a close frame waits until the test reads
                .route("/ws", handler));
    }

    private RawWsClient openNotReading(int port) throws IOException {
        RawWsClient client = RawWsClient.open(port, "/ws", socket -> socket.setReceiveBufferSize(4096));
        clients.add(client);
        return client;
    }

    /** Sends until the server refuses a send, at most 20,000 of 16 KiB; returns the futures up to the first refused. */
    private static List<CompletableFuture<Void>> sendUntilRefused(WsSession session) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) i);
            CompletableFuture<Void> future = session.sendBinary(chunk);
            sent.add(future);
            if (future.isCompletedExceptionally()) {
                break;
            }
        }
        return sent;
    }

    private static Throwable failureOf(CompletableFuture<Void> future) {
        assertThat(future).isCompletedExceptionally();
        return future.handle((done, failure) -> failure).join();
    }

    /** Text requests numbered from 0, each {@link #REQUEST_SIZE} bytes, as one array of frames. */
    private static byte[] numberedRequests(int count) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            wire.writeBytes(RawWsClient.text(request(i)));
        }
        return wire.toByteArray();
    }

    private static String request(int i) {
        String number = i + ":";
        return number + "x".repeat(REQUEST_SIZE - number.length());
    }

    /** Writes every request on another thread, since TCP may hold the writer back. */
    private static CompletableFuture<Void> writeInBackground(RawWsClient client, byte[] wire) {
        return CompletableFuture.runAsync(() -> {
            try {
                client.sendRaw(wire);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void closeRefusesTheSendAndClosesWith1008() throws Exception {
        WsServer server = start(OverflowPolicy.CLOSE);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session);

        assertThat(failureOf(sent.get(sent.size() - 1))).isInstanceOf(OutboundLimitExceededException.class);
        await().atMost(BOUND).until(() -> !session.isOpen());
        assertThat(client.readClose().closeCode()).isEqualTo(1008);
    }

    // A soak found it: a smaller send right after the refused one used to fit, and went out before the
    // close, so the client saw a message missing and a later one arrive.
    @Test
    void closeLetsNoLaterSendSlipInAheadOfTheClose() throws Exception {
        WsServer server = start(OverflowPolicy.CLOSE);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session);
        CompletableFuture<Void> smaller = session.sendBinary(new byte[1]);

        assertThat(failureOf(smaller)).isInstanceOf(WsSessionClosedException.class);
        sent.remove(sent.size() - 1);
        int delivered = 0;
        for (RawWsClient.Frame frame = client.readFrame(); frame.opcode() != 0x8; frame = client.readFrame()) {
            assertThat(frame.payload()).as("message %d", delivered).hasSize(16 * 1024).startsWith((byte) delivered);
            delivered++;
        }
        assertThat(delivered).as("a prefix of what was sent").isLessThanOrEqualTo(sent.size());
    }

    @Test
    void dropFailsOnlyTheNewMessageAndKeepsTheSessionOpen() throws Exception {
        WsServer server = start(OverflowPolicy.DROP);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session);

        CompletableFuture<Void> dropped = sent.remove(sent.size() - 1);
        assertThat(failureOf(dropped)).isInstanceOf(MessageDroppedException.class);
        assertThat(server.droppedMessages()).isEqualTo(1);
        assertThat(session.isOpen()).isTrue();
        assertThat(session.bufferedAmount()).isLessThanOrEqualTo(LIMIT);
        // Everything queued before the drop arrives, in order; then the session still sends.
        for (int i = 0; i < sent.size(); i++) {
            RawWsClient.Frame frame = client.readFrame();
            assertThat(frame.payload()).as("message %d", i).hasSize(16 * 1024).startsWith((byte) i);
        }
        session.sendText("after the drop").get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.readFrame().text()).isEqualTo("after the drop");
        assertThat(sent).allSatisfy(future -> assertThat(future).isCompleted());
    }

    @Test
    void dropCountsPongsThatDoNotFit() throws Exception {
        WsServer server = start(OverflowPolicy.DROP);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        // One message larger than the limit goes alone, and far more than socket buffers take unread:
        // the buffer stays over the limit while the client does not read.
        session.sendBinary(new byte[16 * 1024 * 1024]);

        client.sendRaw(RawWsClient.frame(true, 0x9, "p".getBytes(StandardCharsets.US_ASCII)));

        await().atMost(BOUND).until(() -> server.droppedMessages() == 1);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void pauseReadingStopsTheRequestsOfAClientThatDoesNotReadAndLosesNothing() throws Exception {
        WsServer server = start(OverflowPolicy.PAUSE_READING);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        AtomicLong mostBuffered = new AtomicLong();

        CompletableFuture<Void> writing = writeInBackground(client, numberedRequests(REQUESTS));
        await().atMost(BOUND).until(() -> session.bufferedAmount() > LIMIT / 2); // held back from now on

        // Read everything: every request is echoed, in order, and the session never closed. Had the
        // server gone on reading, its echoes would have passed twice the limit and closed it 1008.
        for (int i = 0; i < REQUESTS; i++) {
            RawWsClient.Frame echo = client.readFrame();
            assertThat(echo.opcode()).as("frame %d", i).isEqualTo(0x1);
            assertThat(echo.text()).as("echo %d", i).startsWith(i + ":");
            mostBuffered.accumulateAndGet(session.bufferedAmount(), Math::max);
        }
        writing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(session.isOpen()).isTrue();
        assertThat(mostBuffered.get()).isLessThanOrEqualTo(2L * LIMIT);
    }

    // Both sides wait for the other to read: the client blocks writing requests, the server's replies
    // pile up unwritten. Nothing can go out, not even a close frame; the connection is dropped once
    // nothing has been taken for the close timeout (a review found it hanging forever).
    @Test
    void pauseReadingDropsAPeerThatTakesNothingForTheCloseTimeout() throws Exception {
        WsServer server = servers.start(TestServers.local().maxOutboundBuffer(LIMIT)
                .overflowPolicy(OverflowPolicy.PAUSE_READING).closeTimeout(Duration.ofMillis(500))
                .route("/ws", handler));
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        CompletableFuture<Void> writing = writeInBackground(client, numberedRequests(REQUESTS));
        await().atMost(BOUND).until(() -> session.bufferedAmount() > LIMIT / 2);

        assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
        assertThat(session.isOpen()).isFalse();
        await().atMost(BOUND).until(writing::isDone); // the client's blocked write ends with the connection
    }

    @Test
    void theApplicationsResumeDoesNotUndoAPauseForOutbound() throws Exception {
        WsServer server = start(OverflowPolicy.PAUSE_READING);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        CompletableFuture<Void> writing = writeInBackground(client, numberedRequests(REQUESTS));
        await().atMost(BOUND).until(() -> session.bufferedAmount() > LIMIT / 2);

        session.pauseReading();
        session.resumeReading(); // had it resumed reading, the echoes would pass twice the limit: 1008

        for (int i = 0; i < REQUESTS; i++) {
            RawWsClient.Frame echo = client.readFrame();
            assertThat(echo.opcode()).as("frame %d", i).isEqualTo(0x1);
        }
        writing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void pauseReadingStillClosesWith1008PastTwiceTheLimitForMessagesThatDoNotComeFromReading() throws Exception {
        WsServer server = start(OverflowPolicy.PAUSE_READING);
        RawWsClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session);

        assertThat(failureOf(sent.get(sent.size() - 1))).isInstanceOf(OutboundLimitExceededException.class);
        assertThat(sent.size() - 1).as("sends accepted").isGreaterThan(LIMIT / (16 * 1024));
        await().atMost(BOUND).until(() -> !session.isOpen());
        assertThat(client.readClose().closeCode()).isEqualTo(1008);
    }

    @Test
    void aRoutesPolicyOverridesTheServers() throws Exception {
        WsServer server = servers.start(TestServers.local().maxOutboundBuffer(LIMIT)
                .route(WsRoute.builder("/ws", handler).overflowPolicy(OverflowPolicy.DROP).build()));
        openNotReading(server.port());
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session);

        assertThat(failureOf(sent.get(sent.size() - 1))).isInstanceOf(MessageDroppedException.class);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void thePolicyIsRequired() {
        assertThat(catchThrowable(() -> WsServerConfig.builder().overflowPolicy(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("overflowPolicy");
    }
}
