package io.wsengine.sample;

import io.wsengine.WsSession;
import io.wsengine.sample.ChatProtocol.ChatLine;
import io.wsengine.sample.ChatProtocol.Error;
import io.wsengine.sample.ChatProtocol.Joined;
import io.wsengine.sample.ChatProtocol.Presence;
import io.wsengine.sample.ChatProtocol.RoomSummary;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterProperties;
import io.wsengine.spring.cluster.WsPresence;
import io.wsengine.spring.cluster.WsRecovery;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The rooms: who is in each, and its last messages (the {@link ChatHistory}'s). A room's changes and
 * the broadcasts they cause happen under the room's lock, so every member on this node sees one order
 * of events. With the cluster bus, who is in a room and its messages span every node
 * ({@link ClusterRooms}); without it, this node is the whole chat.
 */
@Service
public class ChatService {
    static final String NICKNAME = "chat.nickname";
    private static final Pattern ROOM_NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final WsBroadcaster broadcaster;
    private final ChatProperties properties;
    private final ChatHistory history;
    /** Null without the cluster bus. */
    private final ClusterRooms cluster;
    private final Clock clock = Clock.systemUTC();

    public ChatService(WsBroadcaster broadcaster, ChatProperties properties, ChatHistory history,
                       ObjectProvider<WsClusterBus> bus, ObjectProvider<WsPresence> presence,
                       ObjectProvider<WsRecovery> recovery, ObjectProvider<WsClusterProperties> cluster) {
        this.broadcaster = broadcaster;
        this.properties = properties;
        this.history = history;
        this.cluster = bus.getIfAvailable() == null ? null : new ClusterRooms(presence.getObject(),
                recovery.getIfAvailable(), cluster.getObject().recovery());
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
            Room room = rooms.computeIfAbsent(roomName, n -> new Room(n, clock.instant()));
            synchronized (room) {
                if (rooms.get(roomName) != room) {
                    continue; // dropped as empty just now: take the new one
                }
                if (room.isNicknameTaken(name) || (cluster != null && cluster.isNicknameTaken(group(roomName), name))) {
                    return new Error("nickname-taken", "'" + name + "' is already in " + roomName);
                }
                room.add(session.id(), name);
                session.attributes().put(NICKNAME, name);
                if (cluster == null) {
                    ChatHistory.Snapshot snapshot = history.read(roomName);
                    session.send(broadcaster.prepare(new Joined(roomName, name, room.members(), snapshot.lines(),
                            snapshot.epoch(), false)));
                    session.join(group(roomName));
                    broadcaster.publish(group(roomName), Presence.joined(roomName, name, room.members(), clock.instant()));
                } else {
                    try {
                        joinAcrossNodes(session, roomName, name);
                    } catch (RuntimeException redisAway) { // the page may try again: leave no trace of this attempt
                        room.remove(session.id(), clock.instant());
                        session.attributes().remove(NICKNAME);
                        cluster.leave(session, group(roomName));
                        session.leave(group(roomName));
                        throw redisAway;
                    }
                }
                return null;
            }
        }
    }

    /**
     * Joins the room's group first, then reads its history and members: a message another node posts
     * meanwhile is in the history or comes live (maybe both: the page drops the repeat), never neither.
     * {@code joined} goes out once what the client missed since its {@code ?lastId=} has been replayed,
     * so the page gets the replayed and the first live messages before it, and adds them after.
     */
    private void joinAcrossNodes(WsSession session, String roomName, String nickname) {
        String group = group(roomName);
        var entered = cluster.enter(session, group, nickname);
        ChatHistory.Snapshot snapshot = history.read(roomName);
        List<String> members = cluster.members(group);
        entered.thenAccept(resumed -> {
            session.send(broadcaster.prepare(new Joined(roomName, nickname, members, snapshot.lines(), snapshot.epoch(),
                    resumed)));
            broadcaster.publish(group, Presence.joined(roomName, nickname, members, clock.instant()));
        });
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
            history.record(line);
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
            if (nickname == null) {
                return;
            }
            if (cluster == null) {
                broadcaster.publish(group(roomName), Presence.left(roomName, nickname, room.members(), now));
            } else {
                List<String> here = room.members();
                cluster.leave(session, group(roomName))
                        .exceptionally(unreadable -> here) // Redis is away: this node's members are what it knows
                        .thenAccept(members -> broadcaster.publish(group(roomName),
                                Presence.left(roomName, nickname, members, now)));
            }
        }
    }

    /** Rooms with members on this node, fullest first (with the cluster too: a lobby of this node's rooms). */
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
                    if (!room.isExpired(now, properties.emptyRoomTtl())) {
                        return room;
                    }
                    history.forget(name);
                    return null;
                }
            });
        }
    }

    /** Whether a room (with or without members) is still kept. */
    boolean hasRoom(String name) {
        return rooms.containsKey(name);
    }
}
