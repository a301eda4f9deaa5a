package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.sample.ChatProtocol.ChatLine;
import io.wsengine.spring.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The rooms' history in a real Redis, as every node of the cluster reads and writes it. */
class RedisChatHistoryTests {
    private static final int SIZE = 3;
    private static final Duration TTL = Duration.ofMinutes(10);

    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate template;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        if (connections != null) {
            connections.destroy();
        }
    }

    private RedisChatHistory history() {
        return new RedisChatHistory(template, json, SIZE, TTL);
    }

    private static String newRoom() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ChatLine line(String room, String nickname, String text) {
        return new ChatLine(room, nickname, text, Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    @Test
    void keepsTheLastMessagesOldestFirstAsTheyWereSent() {
        String room = newRoom();
        RedisChatHistory history = history();
        for (int i = 1; i <= SIZE + 2; i++) {
            history.record(line(room, "ada", "message " + i));
        }

        assertThat(history.read(room).lines()).extracting(ChatLine::text).containsExactly("message 3", "message 4", "message 5");
        assertThat(history.read(room).lines().get(0)).isEqualTo(line(room, "ada", "message 3"));
        assertThat(redis.command("LLEN " + RedisChatHistory.historyKey(room))).isEqualTo(":" + SIZE);
    }

    @Test
    void anotherNodeAndARestartedOneReadTheSameHistoryUnderTheSameEpoch() {
        String room = newRoom();
        RedisChatHistory node1 = history();
        String epoch = node1.read(room).epoch();
        node1.record(line(room, "ada", "before the restart"));
        node1.forget(room); // a room dropped on one node is still the others'

        ChatHistory.Snapshot elsewhere = history().read(room);

        assertThat(elsewhere.epoch()).isNotBlank().isEqualTo(epoch);
        assertThat(elsewhere.lines()).containsExactly(line(room, "ada", "before the restart"));
    }

    @Test
    void roomsHaveHistoriesAndEpochsOfTheirOwn() {
        String room = newRoom();
        String other = newRoom();
        RedisChatHistory history = history();
        history.record(line(room, "ada", "here"));

        assertThat(history.read(other).lines()).isEmpty();
        assertThat(history.read(other).epoch()).isNotEqualTo(history.read(room).epoch());
    }

    @Test
    void historyAndEpochExpireAfterTheLastMessageAndAHistoryThatStartsAnewHasANewEpoch() {
        String room = newRoom();
        RedisChatHistory history = history();
        String epoch = history.read(room).epoch();
        history.record(line(room, "ada", "soon gone"));

        for (String key : new String[] {RedisChatHistory.historyKey(room), RedisChatHistory.epochKey(room)}) {
            long millis = Long.parseLong(redis.command("PTTL " + key).substring(1));
            assertThat(millis).as("PTTL of %s", key).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        }
        // as if the TTL had passed
        redis.command("DEL " + RedisChatHistory.historyKey(room) + " " + RedisChatHistory.epochKey(room));

        ChatHistory.Snapshot anew = history.read(room);
        assertThat(anew.lines()).isEmpty();
        assertThat(anew.epoch()).isNotBlank().isNotEqualTo(epoch);
    }
}
