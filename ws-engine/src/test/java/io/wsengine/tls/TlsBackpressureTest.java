package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.wsengine.OutboundLimitExceededException;
import io.wsengine.OverflowPolicy;
import io.wsengine.TlsConfig;
import io.wsengine.WsHandler;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while the server writes TLS records: the outbound limit holds as it
 * does in plain {@code ws://} (it counts plaintext not yet wrapped and ciphertext not yet written),
 * and a send completes only once its records are on the wire, not when they are wrapped. Each client
 * has a small receive buffer, so that the kernel takes little of what it does not read.
 */
class TlsBackpressureTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int LIMIT = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final List<EngineClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (EngineClient client : clients) {
            client.close();
        }
        servers.close();
    }

    private WsServer start(WsServerConfig.Builder config, WsHandler route) {
        return servers.start(config.tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/ws", route));
    }

    private EngineClient openNotReading(int port) throws IOException {
        EngineClient client = EngineClient.open(port, "/ws", CLIENT, socket -> socket.setReceiveBufferSize(4096));
        clients.add(client);
        return client;
    }

    /** A 16 KiB message whose bytes are all its number's low byte. */
    private static byte[] numbered(int i) {
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) i);
        return chunk;
    }

    /**
     * Sends 16 KiB messages one at a time until one is not written within a while: the kernel's
     * buffers are full and the transport holds records. Sends made all at once would be refused
     * before the loop had written anything, and never test a full socket.
     */
    private static List<CompletableFuture<Void>> fillTheSocket(WsSession session) throws Exception {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 8192; i++) {
            CompletableFuture<Void> future = session.sendBinary(numbered(i));
            sent.add(future);
            try {
                future.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException full) {
                return sent;
            }
        }
        throw new AssertionError("128 MiB went out to a client that does not read");
    }

    /** Goes on sending until a send is refused; returns every future, the refused one last. */
    private static List<CompletableFuture<Void>> sendUntilRefused(WsSession session, List<CompletableFuture<Void>> sent,
            AtomicLong mostBuffered) {
        for (int tries = 0; tries < 1000; tries++) {
            CompletableFuture<Void> future = session.sendBinary(numbered(sent.size()));
            sent.add(future);
            mostBuffered.accumulateAndGet(session.bufferedAmount(), Math::max);
            if (future.isCompletedExceptionally()) {
                return sent;
            }
        }
        throw new AssertionError("no send refused over the limit");
    }

    // DESIGN: "peer stops reading, outbound buffer over its limit: close 1008, never unbounded memory".
    // The client then reads: it gets a whole prefix of what was sent, the 1008, and a close_notify.
    @Test
    void refusesTheSendPastTheLimitAndClosesWith1008() throws Exception {
        WsServer server = start(TestServers.local().maxOutboundBuffer(LIMIT)
                .closeTimeout(Duration.ofMinutes(1)), handler); // the close frame waits until the client reads
        EngineClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        AtomicLong mostBuffered = new AtomicLong();

        List<CompletableFuture<Void>> sent = sendUntilRefused(session, fillTheSocket(session), mostBuffered);

        CompletableFuture<Void> refused = sent.remove(sent.size() - 1);
        assertThat(catchThrowable(refused::join)).hasCauseInstanceOf(OutboundLimitExceededException.class);
        // Record headers and tags add a little to the ciphertext held; far from a second limit's worth.
        assertThat(mostBuffered.get()).as("largest buffered amount seen").isLessThanOrEqualTo(LIMIT + 1024);
        int delivered = 0;
        for (RawWsClient.Frame frame = client.readFrame(); frame.opcode() != 0x8; frame = client.readFrame()) {
            assertThat(frame.payload()).as("message %d", delivered).hasSize(CHUNK).startsWith((byte) delivered);
            delivered++;
        }
        assertThat(delivered).as("a prefix of the %d sent", sent.size()).isLessThanOrEqualTo(sent.size())
                .isGreaterThanOrEqualTo(sent.size() - LIMIT / CHUNK - 1); // only sends not yet begun are dropped
        client.send(client.wrap(RawWsClient.close(1008, ""))); // the close handshake's end: the server closes TCP
        assertThat(client.readToEnd()).as("close_notify after the close frame").isTrue();
        assertThat(handler.awaitClose().status().code()).isEqualTo(1008);
    }

    // The client never reads again, so even the close frame cannot go out and the close timeout ends
    // the connection with records still held: they are dropped with it, and must no longer count.
    @Test
    void closesASessionWhoseClientNeverReadsAgainAndCountsNothingAfterwards() throws Exception {
        WsServer server = start(TestServers.local().maxOutboundBuffer(LIMIT).closeTimeout(Duration.ofMillis(500)),
                handler);
        openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        // One message larger than the limit goes alone (WsServerConfig.maxOutboundBuffer), and is more
        // than the kernel's buffers take unread (about 3 MB here): the transport holds its records.
        // Alone means nothing else counted, not even the 101 the client has read: the loop counts it
        // as written only once its write has returned.
        await().atMost(BOUND).until(() -> session.bufferedAmount() == 0);
        CompletableFuture<Void> large = session.sendBinary(new byte[8 << 20]);
        assertThat(large).as("the large send").isNotCompletedExceptionally();
        await().atMost(BOUND).until(() -> session.bufferedAmount() < (8 << 20)); // the loop has begun it

        CompletableFuture<Void> refused = session.sendBinary(numbered(1));

        assertThat(catchThrowable(refused::join)).hasCauseInstanceOf(OutboundLimitExceededException.class);
        assertThat(handler.awaitClose().status().code()).isEqualTo(1008);
        assertThat(session.isOpen()).isFalse();
        assertThat(catchThrowable(large::join)).as("the large send, cut short").isNotNull();
        assertThat(session.bufferedAmount()).as("bytes still counted after the close").isZero();
    }

    /** Polls until the buffered amount has not changed for a while: the socket takes nothing more. */
    static long awaitSteadyBuffered(WsSession session) {
        long[] last = {-1};
        int[] unchanged = {0};
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = session.bufferedAmount();
            unchanged[0] = now == last[0] ? unchanged[0] + 1 : 0;
            last[0] = now;
            return unchanged[0] >= 4;
        });
        return last[0];
    }

    // WsSession: a send's future completes "once its frame is written to the socket". Over TLS a
    // frame is wrapped into records in one go with its neighbours (up to the loop's staging buffer),
    // and the records the socket does not take wait in the transport: wrapped is not written. So
    // every byte still counted must belong to a send not yet complete.
    @Test
    void aSendToAClientThatDoesNotReadStaysIncompleteUntilItsRecordsAreOnTheWire() throws Exception {
        WsServer server = start(TestServers.local().maxOutboundBuffer(64L << 20), handler);
        EngineClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        int count = 2048; // 8 MiB, far more than the kernel's buffers take unread (about 3 MB here)
        int size = 4096;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] message = new byte[size];
            Arrays.fill(message, (byte) i);
            sent.add(session.sendBinary(message));
        }

        awaitSteadyBuffered(session);
        // Incomplete sends first: the loop counts bytes as written before it completes their sends.
        long incompleteBytes = sent.stream().filter(future -> !future.isDone()).count() * (size + 4); // + frame header
        long buffered = session.bufferedAmount();
        assertThat(buffered).as("bytes not on the wire").isPositive();
        assertThat(sent.get(count - 1)).as("the last send").isNotDone();
        // Record headers and tags make the held ciphertext a little larger than its plaintext.
        assertThat(incompleteBytes).as("bytes of the incomplete sends, with %d not on the wire", buffered)
                .isGreaterThanOrEqualTo(buffered - 1024);

        for (int i = 0; i < count; i++) {
            RawWsClient.Frame frame = client.readFrame();
            assertThat(frame.payload()).as("message %d", i).hasSize(size).startsWith((byte) i);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(session.bufferedAmount()).isZero();
    }

    /** Text requests numbered from 0, 4 KiB each, as one array of frames. */
    private static byte[] numberedRequests(int count) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            String number = i + ":";
            wire.writeBytes(RawWsClient.text(number + "x".repeat(4096 - number.length())));
        }
        return wire.toByteArray();
    }

    // OverflowPolicy.PAUSE_READING over TLS: while reading is paused, records the transport has read
    // but not unwrapped wait in it; on the resume they must be read although the socket may not be
    // readable again. Every request is echoed, in order, and the session never passes twice the limit.
    @Test
    void pauseReadingHoldsBackAClientThatDoesNotReadAndLosesNothing() throws Exception {
        int requests = 1024;
        WsServer server = start(TestServers.local().maxOutboundBuffer(LIMIT)
                .overflowPolicy(OverflowPolicy.PAUSE_READING).closeTimeout(Duration.ofMinutes(1)), handler);
        EngineClient client = openNotReading(server.port());
        WsSession session = handler.awaitOpen();
        byte[] records = client.wrap(numberedRequests(requests));
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                client.send(records); // TCP holds this back while the server does not read
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        await().atMost(BOUND).until(() -> session.bufferedAmount() > LIMIT / 2);

        long mostBuffered = 0;
        for (int i = 0; i < requests; i++) {
            RawWsClient.Frame echo = client.readFrame();
            assertThat(echo.opcode()).as("frame %d (8 is a close, code %d)", i, echo.closeCode()).isEqualTo(0x1);
            assertThat(echo.text()).as("echo %d", i).startsWith(i + ":");
            mostBuffered = Math.max(mostBuffered, session.bufferedAmount());
        }
        writing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(session.isOpen()).isTrue();
        assertThat(mostBuffered).isLessThanOrEqualTo(2L * LIMIT);
    }
}
