package io.wsengine.sample;

import io.wsengine.WsSession;
import io.wsengine.sample.ChatProtocol.ChatLine;
import io.wsengine.sample.ChatProtocol.Error;
import io.wsengine.sample.ChatProtocol.Joined;
import io.wsengine.sample.ChatProtocol.Presence;
import io.wsengine.sample.ChatProtocol.RoomSummary;
import io.wsengine.spring.WsBroadcaster;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The rooms, in memory: who is in each, and its last messages. A room's changes and the broadcasts
 * they cause happen under the room's lock, so every member sees one order of events.
 */
@Service
public class ChatService {
    static final String NICKNAME = "chat.nickname";
    private static final Pattern ROOM_NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final WsBroadcaster broadcaster;
    private final ChatProperties properties;
    private final Clock clock = Clock.systemUTC();

    public ChatService(WsBroadcaster broadcaster, ChatProperties properties) {
        this.broadcaster = broadcaster;
        this.properties = properties;
    }

    static boolean isValidRoomName(String name) {
        return name != null && ROOM_NAME.matcher(name).matches();
    }

    private static String group(String room) {
        return "room:" + room;
    }

    /** Joins the session to the room; returns an error for its sender, or null when it joined. */
    public Error join(WsSession session, String roomName, String nickname) {
        if (session.attributes().containsKey(NICKNAME)) {
            return new Error("already-joined", "this connection has already joined the room");
        }
        String name = nickname == null ? "" : nickname.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > properties.maxNicknameLength()
                || name.chars().anyMatch(Character::isISOControl)) {
            return new Error("invalid-nickname", "a nickname has 1 to " + properties.maxNicknameLength()
                    + " characters and no control characters");
        }
        while (true) {
            Room room = rooms.computeIfAbsent(roomName, n -> new Room(n, properties.historySize(), clock.instant()));
            synchronized (room) {
                if (rooms.get(roomName) != room) {
                    continue; // dropped as empty just now: take the new one
                }
                if (room.isNicknameTaken(name)) {
                    return new Error("nickname-taken", "'" + name + "' is already in " + roomName);
                }
                room.add(session.id(), name);
                session.attributes().put(NICKNAME, name);
                session.send(broadcaster.prepare(new Joined(roomName, name, room.members(), room.history(), room.historyEpoch)));
                session.join(group(roomName));
                broadcaster.publish(group(roomName), Presence.joined(roomName, name, room.members(), clock.instant()));
                return null;
            }
        }
    }

    /** Sends a chat message to the room; returns an error for its sender, or null when it was sent. */
    public Error post(WsSession session, String roomName, String text) {
        String nickname = (String) session.attributes().get(NICKNAME);
        Room room = rooms.get(roomName);
        if (nickname == null || room == null) {
            return new Error("not-joined", "join the room before sending messages");
        }
        if (text == null || text.isBlank()) {
            return new Error("invalid-message", "a message needs a non-empty 'text'");
        }
        if (text.codePointCount(0, text.length()) > properties.maxMessageLength()) {
            return new Error("message-too-long", "a message has at most " + properties.maxMessageLength() + " characters");
        }
        synchronized (room) {
            ChatLine line = new ChatLine(roomName, nickname, text, clock.instant());
            room.record(line);
            broadcaster.publish(group(roomName), line);
        }
        return null;
    }

    /** The session has gone: tell the room. */
    public void leave(WsSession session, String roomName) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        synchronized (room) {
            Instant now = clock.instant();
            String nickname = room.remove(session.id(), now);
            if (nickname != null) {
                broadcaster.publish(group(roomName), Presence.left(roomName, nickname, room.members(), now));
            }
        }
    }

    /** Rooms with members, fullest first. */
    public List<RoomSummary> rooms() {
        return rooms.values().stream()
                .map(room -> {
                    synchronized (room) {
                        return new RoomSummary(room.name, room.memberCount());
                    }
                })
                .filter(summary -> summary.members() > 0)
                .sorted(Comparator.comparingInt(RoomSummary::members).reversed().thenComparing(RoomSummary::name))
                .toList();
    }

    /** Drops rooms that have been empty for longer than {@code chat.empty-room-ttl}, history and all. */
    @Scheduled(fixedDelayString = "${chat.eviction-interval:30s}")
    public void dropEmptyRooms() {
        Instant now = clock.instant();
        for (String name : rooms.keySet()) {
            rooms.computeIfPresent(name, (key, room) -> {
                synchronized (room) {
                    return room.isExpired(now, properties.emptyRoomTtl()) ? null : room;
                }
            });
        }
    }

    /** Whether a room (with or without members) is still kept. */
    boolean hasRoom(String name) {
        return rooms.containsKey(name);
    }
}
