package io.wsengine.sample;

import java.time.Instant;
import java.util.List;

/** The JSON messages between the page and the server (see the README's protocol table). */
public final class ChatProtocol {
    private ChatProtocol() {
    }

    /** From a client: {@code join} (with nickname) or {@code message} (with text). */
    public record ClientMessage(String type, String nickname, String text) {
    }

    /**
     * To who joined: the room's members and recent history.
     *
     * @param historyEpoch an opaque id of the room's history: it stays the same while the server keeps
     *                     the history, and changes when the history starts anew (the server restarted, or
     *                     the room was dropped after standing empty for {@code chat.empty-room-ttl}). A
     *                     client that saw messages under another epoch knows they were lost.
     * @param resumed      true when the connection gave the id of the last message its client saw
     *                     ({@code ?lastId=}, with the cluster) and got every message it missed since, just
     *                     before this one: the client keeps what it shows and adds them, instead of showing
     *                     {@code history} anew
     */
    public record Joined(String type, String room, String nickname, List<String> members, List<ChatLine> history,
                         String historyEpoch, boolean resumed) {
        Joined(String room, String nickname, List<String> members, List<ChatLine> history, String historyEpoch,
               boolean resumed) {
            this("joined", room, nickname, members, history, historyEpoch, resumed);
        }
    }

    /** A chat message, to everyone in the room. */
    public record ChatLine(String type, String room, String nickname, String text, Instant timestamp) {
        ChatLine(String room, String nickname, String text, Instant timestamp) {
            this("message", room, nickname, text, timestamp);
        }
    }

    /** Someone joined or left, to everyone in the room. */
    public record Presence(String type, String event, String room, String nickname, List<String> members,
                           Instant timestamp) {
        static Presence joined(String room, String nickname, List<String> members, Instant at) {
            return new Presence("presence", "join", room, nickname, members, at);
        }

        static Presence left(String room, String nickname, List<String> members, Instant at) {
            return new Presence("presence", "leave", room, nickname, members, at);
        }
    }

    /** A refused request, to its sender only; the connection stays open. */
    public record Error(String type, String code, String message) {
        Error(String code, String message) {
            this("error", code, message);
        }
    }

    /** A room and how many are in it, for the lobby. */
    public record RoomSummary(String name, int members) {
    }

    /**
     * What the page needs to know from the web server ({@code GET /api/config}).
     *
     * @param wsPort            the port of the chat's WebSocket, or null for the page's own origin (host and port)
     * @param wsPath            the chat's path, the room's name follows it
     * @param maxMessageLength  longest chat message, in characters as the server counts them
     * @param maxNicknameLength longest nickname, likewise
     */
    public record PageConfig(Integer wsPort, String wsPath, int maxMessageLength, int maxNicknameLength) {
    }
}
