package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A page that saw a room's messages says so when the room's history has started anew (its
 * {@code historyEpoch} changed), instead of showing an empty room as if nobody had spoken.
 */
class HistoryEpochBrowserTests extends BrowserTestSupport {
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(30);

    @Test
    void pageSaysEarlierMessagesWereLostWhenItRejoinsARoomWhoseHistoryStartedAnew() {
        String room = "history-" + suffix();
        ChatClient grace = chat(room);
        grace.join("Grace");
        ChatPage ada = page().join("Ada", room);
        grace.postAmongOthers("Grace", "the minutes are in the wiki");
        ada.waitForMessage("Grace", "the minutes are in the wiki");

        // reloaded, the page rejoins the same history: nothing was lost
        ada = ChatPage.open(ada.driver, webPort);
        // once the server has seen the old page go, or "Ada" would still be taken
        await("the old page gone from the room").atMost(ChatPage.WAIT).until(() -> members(room) == 1);
        ada.join("Ada", room);
        ada.waitForMessage("Grace", "the minutes are in the wiki");
        assertThat(ada.notices()).isEmpty();

        // everyone gone while the server is down, the room is dropped after its TTL, history and all
        webSocketServer.stop();
        ada.waitForState("closed");
        await("the empty room dropped").atMost(ChatPage.WAIT).until(() -> !chatService.hasRoom(room));
        webSocketServer.start();

        ada.waitForState("open", RECONNECT_BOUND);
        assertThat(ada.notices()).containsExactly(
                "Earlier messages were lost: the chat server restarted, or closed the room while it stood empty.");
        assertThat(ada.messages()).isEmpty();
    }

    private int members(String room) {
        return chatService.rooms().stream().filter(summary -> summary.name().equals(room))
                .mapToInt(ChatProtocol.RoomSummary::members).sum();
    }
}
