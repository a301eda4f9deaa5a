package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.ChatLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rooms' history in this node's memory: lost when the node stops, and dropped with a room that
 * stood empty for {@code chat.empty-room-ttl}. Each room's history is its own lock.
 */
public final class InMemoryChatHistory implements ChatHistory {
    private final int size;
    private final ConcurrentMap<String, RoomHistory> rooms = new ConcurrentHashMap<>();

    public InMemoryChatHistory(int size) {
        this.size = size;
    }

    private static final class RoomHistory {
        final String epoch = UUID.randomUUID().toString();
        final Deque<ChatLine> lines = new ArrayDeque<>();
    }

    @Override
    public Snapshot read(String room) {
        RoomHistory history = rooms.computeIfAbsent(room, name -> new RoomHistory());
        synchronized (history) {
            return new Snapshot(new ArrayList<>(history.lines), history.epoch);
        }
    }

    @Override
    public void record(ChatLine line) {
        RoomHistory history = rooms.computeIfAbsent(line.room(), name -> new RoomHistory());
        synchronized (history) {
            history.lines.addLast(line);
            while (history.lines.size() > size) {
                history.lines.removeFirst();
            }
        }
    }

    @Override
    public void forget(String room) {
        rooms.remove(room);
    }
}
