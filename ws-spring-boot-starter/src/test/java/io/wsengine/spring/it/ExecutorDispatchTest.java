package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The default dispatch runs endpoint methods on the application's task executor (here four threads):
 * a blocking handler holds up only its own session, and one session's messages are handled one at a
 * time, in order. One event loop serves every connection, so a handler that blocked its loop would
 * hold up every other session.
 */
@SpringBootTest(classes = ExecutorDispatchTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.event-loops=1",
        "spring.task.execution.pool.core-size=4"})
class ExecutorDispatchTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({BlockingEndpoint.class, OrderEndpoint.class})
    static class App {
    }

    @WsEndpoint("/blocking")
    static class BlockingEndpoint {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blocked;

        @OnTextMessage
        String text(String text) throws InterruptedException {
            if (text.equals("block")) {
                blocked = true;
                entered.countDown();
                boolean released = release.await(10, TimeUnit.SECONDS);
                blocked = false;
                return released ? "released" : "timed out";
            }
            return "pong while blocked=" + blocked;
        }
    }

    @WsEndpoint("/order")
    static class OrderEndpoint {
        final Map<String, List<Integer>> handled = new ConcurrentHashMap<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        @OnTextMessage
        String text(String text) {
            int now = running.incrementAndGet();
            mostRunning.accumulateAndGet(now, Math::max);
            try {
                String[] parts = text.split(":");
                handled.computeIfAbsent(parts[0], key -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                return parts[1];
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    BlockingEndpoint blockingEndpoint;

    @Autowired
    OrderEndpoint orderEndpoint;

    @Test
    void blockingHandlerDoesNotHoldUpOtherSessions() throws Exception {
        try (TestClient blocker = TestClient.connect(port, "/blocking");
             TestClient other = TestClient.connect(port, "/blocking")) {
            blocker.send("block");
            assertThat(blockingEndpoint.entered.await(10, TimeUnit.SECONDS)).isTrue();

            other.send("ping");
            // Answered while the first session's handler still waits (for up to 10 s).
            assertThat(other.nextText()).isEqualTo("pong while blocked=true");

            blockingEndpoint.release.countDown();
            assertThat(blocker.nextText()).isEqualTo("released");
        }
    }

    @Test
    void messagesOfOneSessionAreHandledOneAtATimeInArrivalOrder() {
        List<Integer> expected = IntStream.range(0, 200).boxed().toList();
        try (TestClient client = TestClient.connect(port, "/order")) {
            for (int i : expected) {
                client.send("c1:" + i);
            }
            List<Integer> replies = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                replies.add(Integer.parseInt(client.nextText()));
            }
            assertThat(replies).isEqualTo(expected);
            assertThat(orderEndpoint.handled.get("c1")).isEqualTo(expected);
            assertThat(orderEndpoint.mostRunning).as("calls of one session overlapped").hasValue(1);
        }
    }
}
