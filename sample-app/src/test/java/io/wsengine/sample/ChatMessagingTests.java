package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Chat messages: who receives them, in which order, and how long they may be. */
class ChatMessagingTests extends ChatServerTestSupport {
    private static final int MAX_LENGTH = 2000;

    @Test
    void messageReachesEveryMemberOfTheRoomIncludingItsAuthor() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");
        ChatClient linus = joined(room, "linus");
        ada.expectPresence("join", "linus");
        grace.expectPresence("join", "linus");

        ada.sendMessage("standup in five minutes");

        for (ChatClient member : List.of(ada, grace, linus)) {
            JsonNode line = member.expectMessage("ada", "standup in five minutes");
            assertThat(line.path("room").asString()).isEqualTo(room);
        }
    }

    @Test
    void messageDoesNotReachAnotherRoom() {
        String room = newRoom();
        String otherRoom = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");
        ChatClient outsider = joined(otherRoom, "linus");

        ada.sendMessage("for this room only");
        ada.expectMessage("ada", "for this room only");
        grace.expectMessage("ada", "for this room only");
        outsider.sendMessage("marker");

        // had the first message leaked, it would have been queued to the outsider before its own marker
        outsider.expectMessage("linus", "marker");
        // and the marker stays in its room too
        ada.sendMessage("second");
        grace.expectMessage("ada", "second");
    }

    @Test
    void everyMemberSeesConcurrentMessagesInTheSameOrder() throws Exception {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");
        ChatClient watcher = joined(room, "watcher");
        ada.expectPresence("join", "watcher");
        grace.expectPresence("join", "watcher");
        int perSender = 25;

        CompletableFuture<Void> fromAda = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perSender; i++) {
                ada.sendMessage("ada " + i);
            }
        });
        CompletableFuture<Void> fromGrace = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perSender; i++) {
                grace.sendMessage("grace " + i);
            }
        });
        CompletableFuture.allOf(fromAda, fromGrace).get(20, TimeUnit.SECONDS); // both senders

        List<String> seenByAda = texts(ada, 2 * perSender);
        assertThat(texts(grace, 2 * perSender)).isEqualTo(seenByAda);
        assertThat(texts(watcher, 2 * perSender)).isEqualTo(seenByAda);
        assertThat(seenByAda.stream().filter(text -> text.startsWith("ada ")))
                .as("each sender's messages keep their order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perSender).mapToObj(i -> "ada " + i).toList());
    }

    @Test
    void messageCarriesAnIsoTimestampOfWhenTheServerGotIt() {
        ChatClient ada = joined(newRoom(), "ada");
        Instant before = Instant.now();

        JsonNode line = ada.post("ada", "what time is it?");

        assertThat(line.path("timestamp").isString()).as("timestamp %s is a string", line.path("timestamp")).isTrue();
        Instant timestamp = Instant.parse(line.path("timestamp").asString());
        assertThat(timestamp).isBetween(before.minusSeconds(5), Instant.now().plus(Duration.ofSeconds(5)));
    }

    @Test
    void messageOfExactlyTheMaximumLengthIsAccepted() {
        ChatClient ada = joined(newRoom(), "ada");
        String text = "x".repeat(MAX_LENGTH);

        JsonNode line = ada.post("ada", text);

        assertThat(line.path("text").asString()).hasSize(MAX_LENGTH);
    }

    @Test
    void messageLengthCountsCharactersNotUtf16Units() {
        ChatClient ada = joined(newRoom(), "ada");
        String text = "\uD83D\uDE00".repeat(MAX_LENGTH); // 2,000 emoji, 4,000 UTF-16 units

        ada.sendMessage(text);

        assertThat(ada.expect("message").path("text").asString()).isEqualTo(text);
    }

    @Test
    void messageOverTheMaximumLengthIsRefusedAndTheConnectionStaysOpen() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");

        ada.sendMessage("x".repeat(MAX_LENGTH + 1));
        ada.expectError("message-too-long");
        ada.post("ada", "shorter then");

        assertThat(chat(room).join("grace").path("history")).as("the refused message is not in the history").hasSize(1);
    }

    private static List<String> texts(ChatClient client, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(client.expect("message").path("text").asString());
        }
        return texts;
    }
}
