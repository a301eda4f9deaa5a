package io.wsengine.sample;

import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.LocalWsServerPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Empty rooms are dropped, history and all, once empty for {@code chat.empty-room-ttl}. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ws.server.port=0", "chat.empty-room-ttl=200ms", "chat.eviction-interval=100ms"})
@AutoConfigureWsTestClient
class EmptyRoomEvictionTests {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @LocalWsServerPort
    int wsPort;

    @Autowired
    JsonMapper json;

    @Autowired
    WsTestClient ws;

    @Autowired
    ChatService chatService;

    private final List<ChatClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
    }

    @Test
    void emptyRoomIsDroppedWithItsHistoryAfterTheTtl() {
        String room = ChatServerTestSupport.newRoom();
        ChatClient ada = connect(room);
        ada.join("ada");
        ada.post("ada", "this will be forgotten");

        ada.close();

        await().atMost(BOUND).until(() -> !chatService.hasRoom(room));
        JsonNode joined = connect(room).join("grace");
        assertThat(joined.path("history").isEmpty()).isTrue();
    }

    @Test
    void roomMadeAnewAfterItWasDroppedHasANewHistoryEpoch() {
        String room = ChatServerTestSupport.newRoom();
        ChatClient ada = connect(room);
        String dropped = ada.join("ada").path("historyEpoch").asString();

        ada.close();
        await().atMost(BOUND).until(() -> !chatService.hasRoom(room));

        String anew = connect(room).join("grace").path("historyEpoch").asString();
        assertThat(anew).isNotBlank().isNotEqualTo(dropped);
    }

    @Test
    void roomWithMembersIsKeptPastTheTtl() {
        String occupied = ChatServerTestSupport.newRoom();
        String emptied = ChatServerTestSupport.newRoom();
        connect(occupied).join("ada");
        ChatClient grace = connect(emptied);
        grace.join("grace");
        grace.close();

        // the emptied room became empty after the occupied room was created: once it is dropped, the
        // occupied one is older than the TTL and has been looked at by the eviction
        await().atMost(BOUND).until(() -> !chatService.hasRoom(emptied));

        assertThat(chatService.hasRoom(occupied)).isTrue();
    }

    private ChatClient connect(String room) {
        ChatClient client = new ChatClient(ws.connect("/chat/" + room), json);
        clients.add(client);
        return client;
    }
}
