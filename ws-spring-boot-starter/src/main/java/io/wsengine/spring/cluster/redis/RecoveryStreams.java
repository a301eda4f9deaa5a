package io.wsengine.spring.cluster.redis;

import io.wsengine.spring.cluster.ClusterEnvelopes;
import io.wsengine.spring.cluster.ClusterMessage;
import io.wsengine.spring.cluster.StreamIds;
import io.wsengine.spring.cluster.WsClusterProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.stream.ByteRecord;

/**
 * The recovery groups' Redis streams: one capped stream per group ({@code <prefix>stream:<group>}),
 * whose entry ids are the messages' group-wide ids. A message is added to its stream and published
 * in one script, so that every node hears the group's messages in the stream's order. The streams
 * also remember, per group, the last id this node heard, so that after a new subscription it can read
 * what went by meanwhile (pub/sub keeps nothing for a node that is not subscribed).
 */
final class RecoveryStreams {
    /** Adds, trims, renews the key's lifetime and publishes "id envelope", atomically. */
    private static final byte[] ADD_AND_PUBLISH = ("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '=', ARGV[3], '*', 'e', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PUBLISH', ARGV[2], id .. ' ' .. ARGV[1])
            return id
            """).getBytes(StandardCharsets.UTF_8);
    private static final byte[] FIELD = "e".getBytes(StandardCharsets.UTF_8);

    private final String keyPrefix;
    private final byte[] channel;
    private final byte[] maxLength;
    private final byte[] timeToLiveMillis;
    private final int readLimit;
    private final Map<String, String> lastHeard = new ConcurrentHashMap<>();

    RecoveryStreams(String keyPrefix, WsClusterProperties.Recovery settings) {
        this.keyPrefix = keyPrefix + "stream:";
        this.channel = (keyPrefix + "bus:recovery").getBytes(StandardCharsets.UTF_8);
        this.maxLength = Integer.toString(settings.maxLength()).getBytes(StandardCharsets.US_ASCII);
        this.timeToLiveMillis = Long.toString(settings.timeToLive().toMillis()).getBytes(StandardCharsets.US_ASCII);
        // trimmed exactly (not with ~): a gap is then exactly "more than max-length missed"
        this.readLimit = settings.maxLength() + 1;
    }

    byte[] channel() {
        return channel;
    }

    byte[] key(String group) {
        return (keyPrefix + group).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the envelope to its group's stream and publishes it with the id Redis gave it. */
    void addAndPublish(RedisConnection connection, byte[] stream, byte[] envelope) {
        connection.scriptingCommands().eval(ADD_AND_PUBLISH, ReturnType.VALUE, 1, stream, envelope, channel,
                maxLength, timeToLiveMillis);
    }

    /** Reads "id envelope" as published by the script. */
    ClusterMessage parse(byte[] published) {
        int space = indexOfSpace(published);
        if (space <= 0) {
            throw new IllegalArgumentException("a recovery message without its id");
        }
        String id = new String(published, 0, space, StandardCharsets.US_ASCII);
        byte[] envelope = new byte[published.length - space - 1];
        System.arraycopy(published, space + 1, envelope, 0, envelope.length);
        return ClusterEnvelopes.decode(envelope).withId(id);
    }

    /**
     * Notes a recovery message as heard by this node, unless it heard it already: live and back-filled
     * messages overlap after a new subscription. Delivery thread only.
     *
     * @return whether the message is new to this node
     */
    boolean heard(ClusterMessage message) {
        String group = message.target().name();
        String last = lastHeard.get(group);
        if (last != null && StreamIds.compare(message.id(), last) <= 0) {
            return false;
        }
        lastHeard.put(group, message.id());
        return true;
    }

    private static int indexOfSpace(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 42); i++) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** The group's kept messages from an id on, oldest first: that id's own first while it is kept. */
    List<ClusterMessage> read(RedisConnection connection, String group, String fromId) {
        List<ByteRecord> records = connection.streamCommands().xRange(key(group),
                Range.rightUnbounded(Range.Bound.inclusive(fromId)), Limit.limit().count(readLimit));
        List<ClusterMessage> messages = new ArrayList<>(records == null ? 0 : records.size());
        if (records != null) {
            for (ByteRecord record : records) {
                for (Map.Entry<byte[], byte[]> field : record.getValue().entrySet()) {
                    if (java.util.Arrays.equals(field.getKey(), FIELD)) {
                        messages.add(ClusterEnvelopes.decode(field.getValue()).withId(record.getId().getValue()));
                    }
                }
            }
        }
        return messages;
    }

    /** The groups this node has heard of, with the last id it heard of each. */
    Map<String, String> lastHeard() {
        return Map.copyOf(lastHeard);
    }
}
