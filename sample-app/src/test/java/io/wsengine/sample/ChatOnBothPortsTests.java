package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The shipped {@code ws.server.serve-on=both}: the chat on the web app's port (where the page
 * connects by default) and on the engine's own port is one chat, with the same rooms.
 */
class ChatOnBothPortsTests extends ChatServerTestSupport {

    @Test
    void aMemberOnTheWebPortAndOneOnTheEnginesPortAreInOneRoom() {
        String room = newRoom();
        ChatClient ada = chatOnWebPort(room);
        ada.join("ada");
        ChatClient grace = joined(room, "grace");
        assertThat(ada.expectPresence("join", "grace")).containsExactlyInAnyOrder("ada", "grace");

        ada.post("ada", "from the web port");
        grace.expectMessage("ada", "from the web port");
        grace.post("grace", "from the engine's port");
        ada.expectMessage("grace", "from the engine's port");
    }

    @Test
    void theWebPortKeepsTheChatsRulesSuchAsUniqueNicknames() {
        String room = newRoom();
        joined(room, "ada");
        ChatClient impostor = chatOnWebPort(room);

        impostor.sendJoin("ADA");

        impostor.expectError("nickname-taken");
    }
}
