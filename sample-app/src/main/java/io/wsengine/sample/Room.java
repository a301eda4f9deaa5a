package io.wsengine.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's members on this node (session id to nickname). Its history is the {@link ChatHistory}'s;
 * with the cluster, the members on every node are the {@code WsPresence}'s. Not thread-safe: the
 * {@link ChatService} holds the room's lock while it changes it and while it broadcasts, so every
 * member on this node sees the room's events in the same order as its history.
 */
final class Room {
    final String name;
    private final Map<String, String> members = new LinkedHashMap<>();
    private Instant emptySince;

    Room(String name, Instant now) {
        this.name = name;
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

    List<String> members() {
        return List.copyOf(members.values());
    }

    int memberCount() {
        return members.size();
    }

    boolean isExpired(Instant now, Duration ttl) {
        return members.isEmpty() && emptySince != null && !emptySince.plus(ttl).isAfter(now);
    }
}
