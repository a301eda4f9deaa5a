package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.testing.SilentClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A member whose client vanishes (it joined, then answers nothing, not even pings) leaves the room and
 * frees its nickname once its pong is late: with the shipped defaults (a ping every 30 s, a 10 s pong
 * timeout) within about 40 s; here the same mechanism with short timings from properties.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"ws.server.port=0",
        "ws.server.ping-interval=200ms", "ws.server.pong-timeout=300ms"})
class VanishedMemberTests extends ChatServerTestSupport {

    @Test
    void aMemberThatStopsAnsweringLeavesAndFreesItsNickname() throws Exception {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        try (SilentClient vanished = SilentClient.connect(wsPort, "/chat/" + room)) {
            vanished.sendText("{\"type\":\"join\",\"nickname\":\"grace\"}");
            assertThat(ada.expectPresence("join", "grace")).containsExactly("ada", "grace");

            assertThat(ada.expectPresence("leave", "grace")).as("gone once its pong was late").containsExactly("ada");
            assertThat(joined(room, "grace")).as("the nickname is free again").isNotNull();
        }
    }
}
