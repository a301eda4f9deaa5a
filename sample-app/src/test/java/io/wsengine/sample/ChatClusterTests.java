package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.cluster.WsPresence;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat protocol on two nodes with the cluster profile, on one real Redis: rooms, members and
 * nicknames span the nodes, the history is Redis's (a node that restarts loses none of it), and a
 * connection that gives the id of the last message it saw resumes there, on either node.
 */
class ChatClusterTests {
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static ChatNodes nodes;
    private static ConfigurableApplicationContext node1;
    private static ConfigurableApplicationContext node2;

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        nodes = new ChatNodes(redis);
        node1 = nodes.start();
        node2 = nodes.start();
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
        clients.clear();
    }

    private ChatClient connect(ConfigurableApplicationContext node, String pathAndQuery) {
        ChatClient client = new ChatClient(WsTestClient.forApplication(node).connect(pathAndQuery), json);
        clients.add(client);
        return client;
    }

    private static String newRoom() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void membersMessagesAndNicknamesSpanTheNodes() {
        String room = newRoom();
        ChatClient ada = connect(node1, "/chat/" + room);
        ada.join("ada");
        ChatClient grace = connect(node2, "/chat/" + room);
        JsonNode joined = grace.join("grace");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada", "grace");
        assertThat(joined.path("resumed").asBoolean()).isFalse();
        assertThat(ada.expectPresence("join", "grace")).containsExactly("ada", "grace");
        assertThat(node1.getBean(WsPresence.class).members("room:" + room)).containsExactlyInAnyOrder("ada", "grace");

        ChatClient impostor = connect(node2, "/chat/" + room);
        impostor.sendJoin("ADA");
        impostor.expectError("nickname-taken");

        grace.sendMessage("from node 2");
        JsonNode frame = ada.nextFrame();
        assertThat(frame.path("id").asString()).as("the recovery id of %s", frame).matches("\\d+-\\d+");
        assertThat(frame.path("data").path("text").asString()).isEqualTo("from node 2");
        grace.expectMessage("grace", "from node 2");

        grace.close();
        assertThat(ada.expectPresence("leave", "grace")).containsExactly("ada");
    }

    @Test
    void aNodeThatRestartsKeepsTheHistoryAndItsEpoch() {
        String room = newRoom();
        ConfigurableApplicationContext restarting = nodes.start();
        ChatClient ada = connect(restarting, "/chat/" + room);
        String epoch = ada.join("ada").path("historyEpoch").asString();
        ada.post("ada", "said before the restart");
        nodes.stop(restarting);

        ConfigurableApplicationContext restarted = nodes.start();
        try {
            JsonNode joined = connect(restarted, "/chat/" + room).join("grace");

            assertThat(joined.path("historyEpoch").asString()).isEqualTo(epoch);
            assertThat(joined.path("history")).singleElement()
                    .satisfies(line -> assertThat(line.path("text").asString()).isEqualTo("said before the restart"));
        } finally {
            nodes.stop(restarted);
        }
    }

    @Test
    void aConnectionWithTheLastIdItSawGetsWhatItMissedOnTheOtherNode() {
        String room = newRoom();
        ChatClient ada = connect(node1, "/chat/" + room);
        ada.join("ada");
        ChatClient grace = connect(node1, "/chat/" + room);
        grace.join("grace");
        ada.expectPresence("join", "grace");
        ada.sendMessage("seen by both");
        String lastId = grace.nextFrame().path("id").asString();
        grace.close();
        ada.expectMessage("ada", "seen by both");
        ada.expectPresence("leave", "grace");
        ada.post("ada", "missed by grace");

        ChatClient back = connect(node2, "/chat/" + room + "?lastId=" + lastId);
        back.sendJoin("grace");

        // what it missed, from the stream (its own leaving, then the message), and then "joined"
        assertThat(back.expectPresence("leave", "grace")).containsExactly("ada");
        back.expectMessage("ada", "missed by grace");
        JsonNode joined = back.expect("joined");
        assertThat(joined.path("resumed").asBoolean()).isTrue();
        assertThat(back.expectPresence("join", "grace")).containsExactly("ada", "grace");
    }

    @Test
    void aConnectionThatMissedMoreThanIsKeptIsToldOfTheGapAndGetsTheHistory() {
        String room = newRoom();
        ChatClient ada = connect(node1, "/chat/" + room);
        ada.join("ada");
        ada.post("ada", "in the history");

        ChatClient back = connect(node2, "/chat/" + room + "?lastId=1-0");
        back.sendJoin("grace");

        JsonNode gap = back.nextFrame();
        assertThat(gap.path("gap").asBoolean()).as("%s", gap).isTrue();
        assertThat(gap.path("after").asString()).isEqualTo("1-0");
        JsonNode joined = back.expect("joined");
        assertThat(joined.path("resumed").asBoolean()).isFalse();
        assertThat(joined.path("history")).singleElement()
                .satisfies(line -> assertThat(line.path("text").asString()).isEqualTo("in the history"));
    }
}
