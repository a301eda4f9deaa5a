package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Joining a room: what the joiner gets, the history it replays, and the nickname rules. */
class ChatJoinTests extends ChatServerTestSupport {

    @Test
    void joinIsAnsweredWithTheRoomItsNicknameAndItsMembers() {
        String room = newRoom();
        joined(room, "ada");
        ChatClient grace = chat(room);

        grace.sendJoin("grace");
        JsonNode joined = grace.expect("joined");

        assertThat(joined.path("room").asString()).isEqualTo(room);
        assertThat(joined.path("nickname").asString()).isEqualTo("grace");
        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada", "grace");
    }

    @Test
    void firstJoinerOfANewRoomGetsAnEmptyHistory() {
        JsonNode joined = chat(newRoom()).join("ada");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada");
        assertThat(joined.path("history").isArray()).isTrue();
        assertThat(joined.path("history").isEmpty()).isTrue();
    }

    @Test
    void lateJoinerGetsTheLastMessagesOldestFirstBoundedByHistorySize() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        for (String text : new String[] {"one", "two", "three", "four", "five"}) {
            ada.post("ada", text);
        }

        JsonNode history = chat(room).join("grace").path("history");

        assertThat(history).hasSize(HISTORY_SIZE);
        assertThat(IntStream.range(0, history.size()).mapToObj(i -> history.get(i).path("text").asString()))
                .containsExactly("three", "four", "five");
        assertThat(IntStream.range(0, history.size()).mapToObj(i -> history.get(i).path("nickname").asString()))
                .containsOnly("ada");
        assertThat(history.get(0).path("type").asString()).isEqualTo("message");
        assertThat(history.get(0).path("room").asString()).isEqualTo(room);
    }

    @Test
    void joinedNamesTheRoomsHistoryEpochTheSameForEveryMemberOfTheRoom() {
        String room = newRoom();
        JsonNode first = chat(room).join("ada");
        JsonNode second = chat(room).join("grace");
        JsonNode elsewhere = chat(newRoom()).join("linus");

        String epoch = first.path("historyEpoch").asString();
        assertThat(epoch).isNotBlank();
        assertThat(second.path("historyEpoch").asString()).isEqualTo(epoch);
        assertThat(elsewhere.path("historyEpoch").asString()).isNotBlank().isNotEqualTo(epoch);
    }

    @Test
    void historyIsKeptWithItsEpochWhileTheRoomIsEmptyForLessThanItsTtl() {
        String room = newRoom();
        ChatClient ada = chat(room);
        String epoch = ada.join("ada").path("historyEpoch").asString();
        ada.post("ada", "anyone around?");
        ada.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> chatService.rooms().stream().noneMatch(summary -> summary.name().equals(room)));

        JsonNode joined = chat(room).join("grace");

        JsonNode history = joined.path("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("text").asString()).isEqualTo("anyone around?");
        assertThat(joined.path("historyEpoch").asString()).isEqualTo(epoch);
    }

    @Test
    void nicknameTakenInAnyCaseIsRefusedAndTheConnectionStaysOpenToJoinWithAnotherOne() {
        String room = newRoom();
        ChatClient ada = joined(room, "Ada");
        ChatClient second = chat(room);

        second.sendJoin("aDA");
        second.expectError("nickname-taken");
        JsonNode joined = second.join("Grace");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("Ada", "Grace");
        assertThat(ada.expectPresence("join", "Grace")).as("no event for the refused join").containsExactly("Ada", "Grace");
    }

    @Test
    void sameNicknameMayBeUsedInAnotherRoom() {
        joined(newRoom(), "ada");

        JsonNode joined = chat(newRoom()).join("ada");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada");
    }

    @Test
    void nicknameIsFreeAgainOnceItsHolderHasLeft() {
        String room = newRoom();
        ChatClient first = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        first.close();
        grace.expectPresence("leave", "ada");

        JsonNode joined = chat(room).join("ada");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("grace", "ada");
    }

    @Test
    void nicknameIsStrippedOfSurroundingWhitespace() {
        ChatClient ada = chat(newRoom());

        ada.sendJoin("  ada\t ");
        JsonNode joined = ada.expect("joined");

        assertThat(joined.path("nickname").asString()).isEqualTo("ada");
        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada");
    }

    @Test
    void nicknameOfMaximumLengthIsAccepted() {
        String nickname = "n".repeat(32);

        JsonNode joined = chat(newRoom()).join(nickname);

        assertThat(joined.path("nickname").asString()).isEqualTo(nickname);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "bell\u0007", "two\nlines", "tab\tinside"})
    void invalidNicknameIsRefusedAndTheConnectionStaysOpen(String nickname) {
        ChatClient client = chat(newRoom());

        client.sendJoin(nickname);
        client.expectError("invalid-nickname");
        JsonNode joined = client.join("ada");

        assertThat(ChatClient.strings(joined.path("members"))).containsExactly("ada");
    }

    @Test
    void secondJoinOnTheSameConnectionIsRefusedAndTheFirstStands() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");

        ada.sendJoin("ada-again");
        ada.expectError("already-joined");

        assertThat(ada.post("ada", "still me").path("room").asString()).isEqualTo(room);
        assertThat(chat(room).join("grace").path("members")).hasSize(2);
    }
}
