package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the page asks the web server: {@code /api/config} and {@code /api/rooms}. */
class ChatHttpApiTests extends ChatServerTestSupport {

    @Test
    void configNamesNoPortSoThePageConnectsToItsOwnOrigin() throws Exception {
        JsonNode config = getJson("/api/config");

        assertThat(config.path("wsPort").isNull()).as("wsPort of %s is null", config).isTrue();
        assertThat(config.path("wsPath").asString()).isEqualTo("/chat/");
    }

    @Test
    void roomsListsActiveRoomsWithTheirMemberCountsFullestFirst() throws Exception {
        String small = newRoom();
        String big = newRoom();
        joined(small, "ada");
        ChatClient grace = joined(big, "grace");
        joined(big, "linus");
        grace.expectPresence("join", "linus");

        List<JsonNode> ours = rooms(small, big);

        assertThat(ours).extracting(room -> room.path("name").asString()).containsExactly(big, small);
        assertThat(ours).extracting(room -> room.path("members").asInt()).containsExactly(2, 1);
    }

    @Test
    void roomsLeavesOutRoomsWhoseMembersHaveAllLeft() throws Exception {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        assertThat(rooms(room)).hasSize(1);

        ada.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rooms(room)).isEmpty());
    }

    /** The entries of {@code /api/rooms} for these rooms, in the order listed. */
    private List<JsonNode> rooms(String... names) throws Exception {
        List<String> wanted = List.of(names);
        JsonNode all = getJson("/api/rooms");
        assertThat(all.isArray()).isTrue();
        return StreamSupport.stream(all.spliterator(), false)
                .filter(room -> wanted.contains(room.path("name").asString()))
                .toList();
    }
}
