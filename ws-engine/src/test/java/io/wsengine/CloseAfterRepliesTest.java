package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The strict close (RFC 6455 sections 1.4 and 7.1.7): when the peer sends a close frame or breaks the
 * protocol, replies that a handler makes on another thread to messages received before it still go
 * out before our close frame, as {@link WsHandler#onClosing} lets a handler ask.
 */
class CloseAfterRepliesTest {
    private final TestServers servers = new TestServers();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    /** Counted down when the engine asks for the replies: only then does the worker answer. */
    private final CountDownLatch closing = new CountDownLatch(1);

    @AfterEach
    void stop() {
        worker.shutdownNow();
        servers.close();
    }

    /**
     * Echoes each text message from its worker thread, and only once the engine has decided to close,
     * so a close frame that did not wait for the replies would always overtake them.
     */
    private final class AnsweringLate implements WsHandler {
        private final boolean waitForReplies;
        private CompletableFuture<Void> lastReply = CompletableFuture.completedFuture(null);

        AnsweringLate(boolean waitForReplies) {
            this.waitForReplies = waitForReplies;
        }

        @Override
        public void onText(WsSession session, String text) {
            lastReply = CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofSeconds(20)).until(() -> closing.getCount() == 0);
                session.sendText(text);
            }, worker);
        }

        @Override
        public CompletionStage<?> onClosing(WsSession session) {
            closing.countDown();
            return waitForReplies ? lastReply : new CompletableFuture<>(); // never done: the timeout decides
        }
    }

    private int start(WsHandler handler, Duration closeTimeout) {
        return servers.start(TestServers.local().closeTimeout(closeTimeout).route("/", handler)).port();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // Autobahn 3.2: a text message, then a frame with RSV2 set, then a ping, in one write
    @Test
    void repliesToMessagesBeforeAProtocolViolationGoOutBeforeTheCloseFrame() throws IOException {
        int port = start(new AnsweringLate(true), Duration.ofSeconds(20));
        try (RawWsClient client = RawWsClient.open(port, "/")) {
            client.sendRaw(concat(RawWsClient.text("Hello, world!"),
                    RawWsClient.frame(true, 0b010, 0x1, true, ascii("Hello, world!")),
                    RawWsClient.frame(true, 0x9, new byte[0])));

            RawWsClient.Frame reply = client.readFrame();
            assertThat(reply.opcode()).isEqualTo(0x1);
            assertThat(reply.text()).isEqualTo("Hello, world!");
            assertThat(client.readFrame().closeCode()).isEqualTo(1002);
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    // RFC 6455 section 1.4: after sending a close frame the peer sends no more data, but it still reads
    @Test
    void repliesToMessagesBeforeThePeersCloseFrameGoOutBeforeOurs() throws IOException {
        int port = start(new AnsweringLate(true), Duration.ofSeconds(20));
        try (RawWsClient client = RawWsClient.open(port, "/")) {
            client.sendRaw(concat(RawWsClient.text("one"), RawWsClient.text("two"), RawWsClient.close(1000, "bye")));

            assertThat(client.readFrame().text()).isEqualTo("one");
            assertThat(client.readFrame().text()).isEqualTo("two");
            RawWsClient.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void repliesStillGoOutWhenThePeerEndsItsOutputAfterTheViolation() throws IOException {
        int port = start(new AnsweringLate(true), Duration.ofSeconds(20));
        try (RawWsClient client = RawWsClient.open(port, "/")) {
            client.sendRaw(concat(RawWsClient.text("before"), RawWsClient.frame(true, 0x5, ascii("x"))));
            client.socket().shutdownOutput();

            assertThat(client.readFrame().text()).isEqualTo("before");
            assertThat(client.readFrame().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void aHandlerThatNeverFinishesIsCutOffByTheCloseTimeout() throws IOException {
        int port = start(new AnsweringLate(false), Duration.ofMillis(300));
        try (RawWsClient client = RawWsClient.open(port, "/")) {
            long start = System.nanoTime();
            client.sendRaw(concat(RawWsClient.text("late"), RawWsClient.frame(true, 0x5, ascii("x"))));

            // the worker may answer once onClosing ran, but the close frame waits for no stage here:
            // whichever comes first, the close follows within the timeout, and nothing follows it
            RawWsClient.Frame frame = client.readFrame();
            if (frame.opcode() == 0x1) {
                frame = client.readFrame();
            }
            assertThat(frame.closeCode()).isEqualTo(1002);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200)); // a 100 ms tick
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void aHandlerThatWaitsForNothingClosesAtOnceAsBefore() throws Exception {
        CompletableFuture<String> replied = new CompletableFuture<>();
        WsHandler onTheLoop = new WsHandler() {
            @Override
            public void onText(WsSession session, String text) {
                session.sendText(text).whenComplete((done, failure) -> replied.complete(failure == null ? "sent" : "failed"));
            }
        };
        int port = start(onTheLoop, Duration.ofSeconds(20));
        try (RawWsClient client = RawWsClient.open(port, "/")) {
            client.sendRaw(concat(RawWsClient.text("now"), RawWsClient.frame(true, 0x5, ascii("x"))));

            assertThat(client.readFrame().text()).isEqualTo("now");
            assertThat(client.readFrame().closeCode()).isEqualTo(1002);
            assertThat(replied.get(20, TimeUnit.SECONDS)).isEqualTo("sent");
        }
    }
}
