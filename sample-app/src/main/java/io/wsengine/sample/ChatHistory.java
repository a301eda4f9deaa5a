package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.ChatLine;
import java.util.List;

/**
 * Where the rooms' last messages are kept: in this node's memory ({@link InMemoryChatHistory}, the
 * default), or in Redis with the cluster ({@link RedisChatHistory}, {@code ws.cluster.redis.enabled=true}),
 * where every node reads the same history and a node that restarts loses none of it. Chosen in
 * {@link ChatHistoryConfiguration}.
 */
public interface ChatHistory {

    /**
     * A room's history as of now.
     *
     * @param lines the last messages, oldest first, at most {@code chat.history-size}
     * @param epoch names this history: the same while it is kept, a new one when it starts anew
     */
    record Snapshot(List<ChatLine> lines, String epoch) {
    }

    /** {@return the room's last messages and its history's epoch} (an empty history starts one) */
    Snapshot read(String room);

    /** Adds a message to its room's history, dropping the oldest past {@code chat.history-size}. */
    void record(ChatLine line);

    /** The room was dropped as empty: its history goes with it (a store with expiry of its own may ignore this). */
    void forget(String room);
}
