package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * With few messages allowed to wait for a slow endpoint, the server stops reading from a fast client
 * (TCP holds the rest) instead of dropping or piling up its messages.
 */
@SpringBootTest(classes = FlowControlTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.max-queued-messages=4"})
class FlowControlTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SlowEndpoint.class)
    static class App {
    }

    /** 2 MB in all: more than the server reads in one go, so the rest waits in TCP until reading resumes. */
    private static final int MESSAGES = 100;
    private static final int MESSAGE_SIZE = 20 * 1024;

    @WsEndpoint("/slow")
    static class SlowEndpoint {
        final CountDownLatch allSent = new CountDownLatch(1);
        final List<Integer> handled = new CopyOnWriteArrayList<>();

        @OnTextMessage
        String text(String text) throws InterruptedException {
            int number = Integer.parseInt(text.substring(0, text.indexOf(':')));
            if (number == 0) {
                // Slow: the first call waits until the client has sent everything (or TCP stopped it).
                allSent.await(5, TimeUnit.SECONDS);
            }
            handled.add(number);
            return String.valueOf(number);
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    SlowEndpoint endpoint;

    @Test
    void fastClientGetsEveryMessageHandledInOrderBySlowEndpoint() {
        List<Integer> expected = IntStream.range(0, MESSAGES).boxed().toList();
        String filler = "x".repeat(MESSAGE_SIZE);
        try (TestClient client = TestClient.connect(port, "/slow")) {
            for (int i : expected) {
                client.send(i + ":" + filler);
            }
            endpoint.allSent.countDown();

            List<Integer> replies = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                replies.add(Integer.parseInt(client.nextText()));
            }
            assertThat(replies).isEqualTo(expected);
            assertThat(endpoint.handled).isEqualTo(expected);
        }
    }
}
