package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.SilentClient;
import io.wsengine.spring.testing.CountingJsonCodec;
import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** WsBroadcaster: to every session of an endpoint, to a group, and past a member that never reads. */
@SpringBootTest(classes = BroadcastAndGroupsTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.max-outbound-buffer=64KB",
        "ws.server.close-timeout=1s"})
class BroadcastAndGroupsTest {
    private static final Duration WAIT = TestClient.TIMEOUT;

    record Note(String text) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({FeedEndpoint.class, OtherEndpoint.class, RoomEndpoint.class})
    static class App {
        @Bean
        CountingJsonCodec countingJsonCodec() {
            return new CountingJsonCodec();
        }
    }

    @WsEndpoint("/feed")
    static class FeedEndpoint {
        @OnTextMessage
        void text(String text) {
        }
    }

    @WsEndpoint("/other")
    static class OtherEndpoint {
        @OnTextMessage
        void text(String text) {
        }
    }

    @WsEndpoint("/rooms/{room}")
    static class RoomEndpoint {
        /** Close status by the client's port, as the server saw it. */
        final Map<Integer, CloseStatus> closes = new ConcurrentHashMap<>();

        @OnOpen
        void open(WsSession session, @PathParam("room") String room) {
            session.join("room:" + room);
        }

        @OnTextMessage
        String text(WsSession session, String text, @PathParam("room") String room) {
            if (text.equals("leave")) {
                session.leave("room:" + room);
                return "left";
            }
            return null;
        }

        @OnClose
        void close(WsSession session, CloseStatus status) {
            closes.put(session.remoteAddress().getPort(), status);
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    WsBroadcaster broadcaster;

    @Autowired
    RoomEndpoint roomEndpoint;

    @Autowired
    CountingJsonCodec json;

    @Test
    void broadcastReachesEverySessionOfTheEndpointAndNoOther() {
        try (TestClient a = TestClient.connect(port, "/feed");
             TestClient b = TestClient.connect(port, "/feed");
             TestClient c = TestClient.connect(port, "/feed");
             TestClient other = TestClient.connect(port, "/other")) {
            await().atMost(WAIT).until(() -> broadcaster.sessions("/feed").size() == 3
                    && broadcaster.sessions("/other").size() == 1);

            assertThat(broadcaster.broadcast("/feed", "hello feed")).isEqualTo(3);
            broadcaster.broadcast("/other", "marker");

            for (TestClient client : List.of(a, b, c)) {
                assertThat(client.nextText()).isEqualTo("hello feed");
            }
            // Sends to one session keep their order: the feed message, had it arrived, would come first.
            assertThat(other.nextText()).isEqualTo("marker");
        }
    }

    @Test
    void publishSendsJsonToExactlyTheGroupMembers() {
        try (TestClient first = TestClient.connect(port, "/rooms/1");
             TestClient second = TestClient.connect(port, "/rooms/1");
             TestClient elsewhere = TestClient.connect(port, "/rooms/2")) {
            await().atMost(WAIT).until(() -> broadcaster.group("room:1").size() == 2
                    && broadcaster.group("room:2").size() == 1);

            assertThat(broadcaster.publish("room:1", new Note("hi room 1"))).isEqualTo(2);
            broadcaster.publish("room:2", "marker");

            assertThat(first.nextText()).isEqualTo("{\"text\":\"hi room 1\"}");
            assertThat(second.nextText()).isEqualTo("{\"text\":\"hi room 1\"}");
            assertThat(elsewhere.nextText()).isEqualTo("marker");
        }
    }

    @Test
    void broadcastSendsBytesAsOneBinaryMessageToEverySession() {
        try (TestClient a = TestClient.connect(port, "/feed");
             TestClient b = TestClient.connect(port, "/feed")) {
            await().atMost(WAIT).until(() -> broadcaster.sessions("/feed").size() == 2);

            assertThat(broadcaster.broadcast("/feed", new byte[] {1, 2, 3})).isEqualTo(2);

            assertThat(a.nextBinary()).containsExactly(1, 2, 3);
            assertThat(b.nextBinary()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anObjectIsEncodedOnceForAllReceivers() {
        try (TestClient first = TestClient.connect(port, "/rooms/once");
             TestClient second = TestClient.connect(port, "/rooms/once");
             TestClient third = TestClient.connect(port, "/rooms/once")) {
            await().atMost(WAIT).until(() -> broadcaster.group("room:once").size() == 3);
            int before = json.encoded();

            assertThat(broadcaster.publish("room:once", new Note("once"))).isEqualTo(3);

            assertThat(json.encoded() - before).isEqualTo(1);
            for (TestClient client : List.of(first, second, third)) {
                assertThat(client.nextText()).isEqualTo("{\"text\":\"once\"}");
            }
        }
    }

    @Test
    void aSessionThatLeavesAGroupNoLongerReceivesItsMessages() {
        try (TestClient leaving = TestClient.connect(port, "/rooms/left");
             TestClient staying = TestClient.connect(port, "/rooms/left")) {
            await().atMost(WAIT).until(() -> broadcaster.group("room:left").size() == 2);

            assertThat(leaving.send("leave").nextText()).isEqualTo("left");
            assertThat(broadcaster.group("room:left")).hasSize(1);

            assertThat(broadcaster.publish("room:left", "after")).isEqualTo(1);
            assertThat(staying.nextText()).isEqualTo("after");
            broadcaster.broadcast("/rooms/{room}", "marker");
            // Sends to one session keep their order: "after", had it been sent, would come first.
            assertThat(leaving.nextText()).isEqualTo("marker");
        }
    }

    @Test
    void closedSessionsLeaveTheirGroups() {
        try (TestClient first = TestClient.connect(port, "/rooms/leaving");
             TestClient second = TestClient.connect(port, "/rooms/leaving")) {
            await().atMost(WAIT).until(() -> broadcaster.group("room:leaving").size() == 2);

            first.closeNormally();
            await().atMost(WAIT).until(() -> broadcaster.group("room:leaving").size() == 1);

            second.closeNormally();
            await().atMost(WAIT).until(() -> broadcaster.group("room:leaving").isEmpty()
                    && !broadcaster.groups().contains("room:leaving"));
        }
    }

    @Test
    void membersKeepReceivingWhileAnotherMemberNeverReads() throws Exception {
        String room = "room:stalled";
        try (SilentClient silent = SilentClient.connect(port, "/rooms/stalled");
             TestClient first = TestClient.connect(port, "/rooms/stalled");
             TestClient second = TestClient.connect(port, "/rooms/stalled")) {
            await().atMost(WAIT).until(() -> broadcaster.group(room).size() == 3);
            WsSession stalled = sessionOf(silent, room).orElseThrow();

            // Publish in batches that fit the 64 KB outbound buffer of a reader that keeps up, until the
            // silent member's socket and buffer are full and the server gives up on it, then some more.
            int next = publishBatches(room, List.of(first, second), 0, MAX_BATCHES, () -> !stalled.isOpen());
            assertThat(stalled.isOpen()).as("the silent member's outbound buffer overflowed").isFalse();
            publishBatches(room, List.of(first, second), next, 100, () -> false);
        }
    }

    @Test
    void memberThatNeverReadsIsClosedWith1008WhenItsOutboundBufferIsFull() throws Exception {
        String room = "room:overflow";
        try (SilentClient silent = SilentClient.connect(port, "/rooms/overflow");
             TestClient reader = TestClient.connect(port, "/rooms/overflow")) {
            await().atMost(WAIT).until(() -> broadcaster.group(room).size() == 2);
            WsSession stalled = sessionOf(silent, room).orElseThrow();

            publishBatches(room, List.of(reader), 0, MAX_BATCHES, () -> !stalled.isOpen());

            int silentPort = silent.localPort();
            await().atMost(WAIT).until(() -> roomEndpoint.closes.containsKey(silentPort));
            assertThat(roomEndpoint.closes.get(silentPort).code()).isEqualTo(1008);
            assertThat(broadcaster.group(room)).hasSize(1);
        }
    }

    private Optional<WsSession> sessionOf(SilentClient client, String group) {
        return broadcaster.group(group).stream()
                .filter(session -> session.remoteAddress().getPort() == client.localPort())
                .findFirst();
    }

    private static final int MESSAGE_SIZE = 8 * 1024;
    /**
     * 24 KB a batch: a reader that keeps up never has more than two batches counted in its 64 KB outbound
     * buffer (the last one may be received just before the server has counted it as written).
     */
    private static final int BATCH = 3;
    /** 48 MB: far more than socket buffers and the outbound buffer hold. */
    private static final int MAX_BATCHES = 2000;

    /**
     * Publishes numbered messages in batches, each received whole and in order by every reader before
     * the next, until the condition holds or after a number of batches.
     *
     * @return the number the next message would have
     */
    private int publishBatches(String group, List<TestClient> readers, int first, int maxBatches,
                               BooleanSupplier done) {
        String filler = "x".repeat(MESSAGE_SIZE);
        int next = first;
        for (int batch = 0; batch < maxBatches && !done.getAsBoolean(); batch++) {
            for (int i = 0; i < BATCH; i++) {
                broadcaster.publish(group, (next + i) + ":" + filler);
            }
            for (TestClient reader : readers) {
                for (int i = 0; i < BATCH; i++) {
                    String message = reader.nextText();
                    assertThat(message.substring(0, message.indexOf(':'))).isEqualTo(String.valueOf(next + i));
                }
            }
            next += BATCH;
        }
        return next;
    }
}
