package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WsSession#eventLoop()}: tasks run on the session's loop, and from the loop after its turn's reads. */
class SessionEventLoopTest {
    private final TestServers servers = new TestServers();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<WsSession> opened = new LinkedBlockingQueue<>();
    private volatile String loopThread;

    @AfterEach
    void stop() {
        servers.close();
    }

    private int start() {
        WsHandler handler = new WsHandler() {
            @Override
            public void onOpen(WsSession session) {
                loopThread = Thread.currentThread().getName();
                opened.add(session);
            }

            @Override
            public void onText(WsSession session, String text) {
                if (text.equals("first")) {
                    session.eventLoop().execute(() -> events.add("task on " + Thread.currentThread().getName()));
                }
                events.add(text);
            }
        };
        return servers.start(TestServers.local().route("/loop", handler)).port();
    }

    @Test
    void aTaskFromACallbackRunsAfterEveryMessageOfTheSameRead() throws Exception {
        int port = start();
        try (RawWsClient client = RawWsClient.open(port, "/loop")) {
            ByteArrayOutputStream bothInOneWrite = new ByteArrayOutputStream();
            bothInOneWrite.writeBytes(RawWsClient.text("first"));
            bothInOneWrite.writeBytes(RawWsClient.text("second"));

            client.sendRaw(bothInOneWrite.toByteArray());

            assertThat(List.of(nextEvent(), nextEvent(), nextEvent()))
                    .containsExactly("first", "second", "task on " + loopThread);
        }
    }

    @Test
    void aTaskFromAnotherThreadRunsOnTheSessionsLoop() throws Exception {
        int port = start();
        try (RawWsClient client = RawWsClient.open(port, "/loop")) {
            WsSession session = opened.poll(10, TimeUnit.SECONDS);
            assertThat(session).isNotNull();
            BlockingQueue<String> ranOn = new LinkedBlockingQueue<>();

            session.eventLoop().execute(() -> ranOn.add(Thread.currentThread().getName()));

            assertThat(ranOn.poll(10, TimeUnit.SECONDS)).isEqualTo(loopThread);
        }
    }

    private String nextEvent() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}
