package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.ChatLine;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One room: its members (session id to nickname) and its last messages. Not thread-safe: the
 * {@link ChatService} holds the room's lock while it changes it and while it broadcasts, so every
 * member sees the room's events in the same order as its history.
 */
final class Room {
    final String name;
    /**
     * Names this room's history: a room made anew (after a restart, or after it was dropped as empty)
     * starts a history of its own, and a page that saw the old one can tell. A store that keeps history
     * across restarts keeps its epoch with it.
     */
    final String historyEpoch = UUID.randomUUID().toString();
    private final int historySize;
    private final Map<String, String> members = new LinkedHashMap<>();
    private final Deque<ChatLine> history = new ArrayDeque<>();
    private Instant emptySince;

    Room(String name, int historySize, Instant now) {
        this.name = name;
        this.historySize = historySize;
        this.emptySince = now;
    }

    boolean isNicknameTaken(String nickname) {
        return members.values().stream().anyMatch(taken -> taken.equalsIgnoreCase(nickname));
    }

    void add(String sessionId, String nickname) {
        members.put(sessionId, nickname);
        emptySince = null;
    }

    /** @return the nickname of the session that left, or null if it was not a member */
    String remove(String sessionId, Instant now) {
        String nickname = members.remove(sessionId);
        if (members.isEmpty() && emptySince == null) {
            emptySince = now;
        }
        return nickname;
    }

    void record(ChatLine line) {
        history.addLast(line);
        while (history.size() > historySize) {
            history.removeFirst();
        }
    }

    List<String> members() {
        return List.copyOf(members.values());
    }

    int memberCount() {
        return members.size();
    }

    List<ChatLine> history() {
        return new ArrayList<>(history);
    }

    boolean isExpired(Instant now, java.time.Duration ttl) {
        return members.isEmpty() && emptySince != null && !emptySince.plus(ttl).isAfter(now);
    }
}
