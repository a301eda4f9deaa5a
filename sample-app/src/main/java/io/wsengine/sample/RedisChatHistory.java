package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.ChatLine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rooms' history in Redis, shared by every node: per room a list capped at
 * {@code chat.history-size} ({@code wsengine-chat:history:<room>}, each message as JSON) and its
 * epoch ({@code wsengine-chat:epoch:<room>}). Both go {@code chat.history-ttl} after the room's last
 * message (its epoch, after its first reader, when nobody ever spoke): the history then starts anew,
 * under a new epoch. A node that restarts reads the same history under the same epoch. Each call is
 * one script, one round trip, on the calling thread.
 */
public final class RedisChatHistory implements ChatHistory {
    static final String KEY_PREFIX = "wsengine-chat:";

    /** Adds the message, trims the list, and renews both keys' lifetime; starts an epoch if there is none. */
    private static final RedisScript<Long> RECORD = RedisScript.of("""
            redis.call('SET', KEYS[2], ARGV[4], 'NX')
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """, Long.class);

    /** The epoch (made if there is none) followed by the messages, oldest first. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = RedisScript.of("""
            redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2])
            local result = redis.call('LRANGE', KEYS[1], 0, -1)
            table.insert(result, 1, redis.call('GET', KEYS[2]))
            return result
            """, List.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final int size;
    private final String timeToLiveMillis;

    public RedisChatHistory(StringRedisTemplate redis, JsonMapper json, int size, Duration timeToLive) {
        this.redis = redis;
        this.json = json;
        this.size = size;
        this.timeToLiveMillis = Long.toString(timeToLive.toMillis());
    }

    static String historyKey(String room) {
        return KEY_PREFIX + "history:" + room;
    }

    static String epochKey(String room) {
        return KEY_PREFIX + "epoch:" + room;
    }

    @Override
    public Snapshot read(String room) {
        List<?> result = redis.execute(READ, List.of(historyKey(room), epochKey(room)),
                UUID.randomUUID().toString(), timeToLiveMillis);
        String epoch = (String) result.get(0);
        List<ChatLine> lines = result.subList(1, result.size()).stream()
                .map(line -> json.readValue((String) line, ChatLine.class))
                .toList();
        return new Snapshot(lines, epoch);
    }

    @Override
    public void record(ChatLine line) {
        redis.execute(RECORD, List.of(historyKey(line.room()), epochKey(line.room())),
                json.writeValueAsString(line), Integer.toString(size), timeToLiveMillis, UUID.randomUUID().toString());
    }

    @Override
    public void forget(String room) {
        // kept for every node, and for this one after a restart: it expires chat.history-ttl after its last message
    }
}
