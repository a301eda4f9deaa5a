package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.Payloads;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Sending from the application: futures, threads, order and the outbound buffer. */
@ParameterizedClass
@EnumSource(TestTransport.class)
class SendIntegrationTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final List<CompletableFuture<Void>> sentInOnOpen = new CopyOnWriteArrayList<>();
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onOpen(WsSession session) {
            if (session.handshake().queryParam("greet") != null) {
                for (int i = 0; i < 10; i++) {
                    sentInOnOpen.add(session.sendText("hello " + i));
                }
            }
            super.onOpen(session);
        }
    };
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private int port;
    private JdkWsClient client;

    @BeforeEach
    void start() {
        port = servers.start(transport.local().route("/ws", handler)).port();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        servers.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sendTextFuturesFromTheLoopCompleteOnceWritten() {
        client = transport.connectJdk(port, "/ws?greet=1");
        handler.awaitOpen();

        CompletableFuture.allOf(sentInOnOpen.toArray(CompletableFuture[]::new)).orTimeout(20, TimeUnit.SECONDS).join();

        assertThat(sentInOnOpen).hasSize(10).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        for (int i = 0; i < 10; i++) {
            assertThat(client.awaitText()).isEqualTo("hello " + i);
        }
    }

    @Test
    void sendTextFromAnotherThreadCompletesAndArrives() throws Exception {
        client = transport.connectJdk(port, "/ws");
        WsSession session = handler.awaitOpen();

        CompletableFuture<Void> sent = executor.submit(() -> session.sendText("from a worker ✓")).get(20, TimeUnit.SECONDS);

        JdkWsClient.await(sent, "the send's future");
        assertThat(client.awaitText()).isEqualTo("from a worker ✓");
    }

    @Test
    void sendBinaryFromAnotherThreadCompletesAndArrives() throws Exception {
        client = transport.connectJdk(port, "/ws");
        WsSession session = handler.awaitOpen();
        byte[] data = Payloads.binary(100_000);

        CompletableFuture<Void> sent = executor.submit(() -> session.sendBinary(data)).get(20, TimeUnit.SECONDS);

        JdkWsClient.await(sent, "the send's future");
        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    @Test
    void sendsFromOneOtherThreadArriveInSendOrder() throws Exception {
        client = transport.connectJdk(port, "/ws");
        WsSession session = handler.awaitOpen();

        List<CompletableFuture<Void>> sent = executor.submit(() -> {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(session.sendText("n" + i));
            }
            return futures;
        }).get(20, TimeUnit.SECONDS);

        for (int i = 0; i < 1000; i++) {
            assertThat(client.awaitText()).isEqualTo("n" + i);
        }
        JdkWsClient.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "every send's future");
    }

    // Each thread's sends stay in its order; none is lost or mixed into another's frame.
    @Test
    void concurrentSendsFromManyThreadsKeepEachThreadsOrder() throws Exception {
        client = transport.connectJdk(port, "/ws");
        WsSession session = handler.awaitOpen();
        int threads = 4;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> sent = new CopyOnWriteArrayList<>();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(executor.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    sent.add(i % 3 == 0
                            ? session.sendBinary((thread + ":" + i).getBytes(StandardCharsets.UTF_8))
                            : session.sendText(thread + ":" + i + ":" + "ü".repeat(i % 50)));
                }
                return null;
            }));
        }
        go.countDown();
        for (var worker : workers) {
            worker.get(20, TimeUnit.SECONDS);
        }

        Map<Integer, Integer> nextOf = new HashMap<>();
        for (int received = 0; received < threads * perThread; received++) {
            String message = nextMessage();
            String[] parts = message.split(":");
            int thread = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertThat(index).as("message of thread %d", thread).isEqualTo(nextOf.getOrDefault(thread, 0));
            nextOf.put(thread, index + 1);
        }
        assertThat(nextOf).hasSize(threads).allSatisfy((thread, next) -> assertThat(next).isEqualTo(perThread));
        JdkWsClient.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "every send's future");
    }

    /** The next message, text or binary, as text. */
    private String nextMessage() {
        Object message = client.awaitAny();
        return message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) message;
    }

    @Test
    void bufferedAmountReturnsToZeroOnceLargeSendsAreWritten() throws Exception {
        client = transport.connectJdk(port, "/ws");
        WsSession session = handler.awaitOpen();
        byte[] data = Payloads.binary(1024 * 1024);

        List<CompletableFuture<Void>> sent = executor.submit(() -> {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(session.sendBinary(ByteBuffer.wrap(data)));
            }
            return futures;
        }).get(20, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThat(client.awaitBinary()).isEqualTo(data);
        }
        JdkWsClient.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "every send's future");

        await().atMost(BOUND).until(() -> session.bufferedAmount() == 0);
    }
}
