package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Fan-out: route sessions, named groups, encode-once broadcast and read flow control. */
@ParameterizedClass
@EnumSource(TestTransport.class)
class GroupsAndBroadcastTest {
    private static final String ROOM = "/room/{name}";

    @Parameter
    TestTransport transport;

    /** Joins the group named by the path; a text "leave" leaves it, anything else is published to it. */
    private final WsHandler roomHandler = new WsHandler() {
        @Override
        public void onOpen(WsSession session) {
            session.join(session.pathParams().get("name"));
        }

        @Override
        public void onText(WsSession session, String text) {
            String group = session.pathParams().get("name");
            if (text.equals("leave")) {
                session.leave(group);
                session.sendText("left");
                return;
            }
            PreparedMessage message = PreparedMessage.text(text);
            for (WsSession member : server.group(group)) {
                member.send(message);
            }
        }
    };

    private WsServer server;
    private final List<RawWsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawWsClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private void start() {
        server = new WsServer(transport.local().route(ROOM, roomHandler).build()).start();
    }

    private RawWsClient open(String path) throws IOException {
        RawWsClient client = transport.openRaw(server.port(), path);
        clients.add(client);
        return client;
    }

    @Test
    void groupBroadcastReachesEveryMemberAndNobodyElse() throws IOException {
        start();
        RawWsClient a1 = open("/room/a");
        RawWsClient a2 = open("/room/a");
        RawWsClient b1 = open("/room/b");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.group("a").size() == 2 && server.group("b").size() == 1);

        a1.sendText("hello a");
        assertThat(a1.readFrame().text()).isEqualTo("hello a");
        assertThat(a2.readFrame().text()).isEqualTo("hello a");
        b1.sendText("hello b");
        assertThat(b1.readFrame().text()).as("b only sees b's message").isEqualTo("hello b");
    }

    @Test
    void sessionsOfARouteAreListedWhileOpen() throws IOException {
        start();
        RawWsClient a = open("/room/a");
        open("/room/b");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions(ROOM).size() == 2);
        assertThat(server.sessions("/unknown")).isEmpty();

        a.sendClose(1000, "");
        a.readClose();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions(ROOM).size() == 1);
    }

    @Test
    void closedSessionLeavesItsGroupsByItself() throws IOException {
        start();
        RawWsClient a = open("/room/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.group("a").size() == 1);
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.group("a").isEmpty());
        assertThat(server.groupNames()).as("an empty group is dropped").doesNotContain("a");
    }

    @Test
    void leftSessionNoLongerReceivesGroupMessages() throws IOException {
        start();
        RawWsClient leaver = open("/room/a");
        RawWsClient stayer = open("/room/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.group("a").size() == 2);
        leaver.sendText("leave");
        assertThat(leaver.readFrame().text()).isEqualTo("left");

        leaver.sendText("from the leaver");
        assertThat(stayer.readFrame().text()).isEqualTo("from the leaver");
        // Its own publish ran before this second "leave" on the same session: had it reached the
        // leaver, it would come before "left".
        leaver.sendText("leave");
        assertThat(leaver.readFrame().text()).isEqualTo("left");
    }

    @Test
    void serverBroadcastSendsOneEncodingToEveryRouteSession() throws IOException {
        start();
        List<RawWsClient> all = List.of(open("/room/a"), open("/room/b"), open("/room/c"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions(ROOM).size() == 3);
        assertThat(server.broadcast(ROOM, PreparedMessage.binary(new byte[] {1, 2, 3}))).isEqualTo(3);
        for (RawWsClient client : all) {
            RawWsClient.Frame frame = client.readFrame();
            assertThat(frame.opcode()).isEqualTo(0x2);
            assertThat(frame.payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void preparedMessageIsUnchangedBySending() {
        transport.assumePlain("no connection: PreparedMessage alone");
        PreparedMessage message = PreparedMessage.text("héllo");
        assertThat(message.size()).isEqualTo(2 + 6);
        assertThat(message.frame().get(0)).isEqualTo((byte) 0x81);
        message.frame().position(8);
        assertThat(message.frame().position()).as("each view is fresh").isZero();
    }

    @Test
    void pausedSessionReadsNothingUntilResumed() throws IOException {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        WsSession[] opened = new WsSession[1];
        server = new WsServer(transport.local().route("/paused", new WsHandler() {
            @Override
            public void onOpen(WsSession session) {
                opened[0] = session;
                session.pauseReading();
            }

            @Override
            public void onText(WsSession session, String text) {
                received.add(text);
            }
        }).build()).start();
        RawWsClient client = open("/paused");
        await().atMost(Duration.ofSeconds(5)).until(() -> opened[0] != null);
        client.sendText("one");
        client.sendText("two");
        // While paused the server must not deliver; give it a bounded chance to (wrongly) do so.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(received::isEmpty);

        opened[0].resumeReading();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.equals(List.of("one", "two")));
    }
}
