package io.wsengine.sample;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.sample.ChatProtocol.ClientMessage;
import io.wsengine.sample.ChatProtocol.Error;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsMessageDecodingException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The chat's WebSocket endpoint: a connection per room. Requests that break the protocol's rules get
 * an error message back and the connection stays open; a frame that is not a JSON object closes it
 * with {@code 1007}.
 */
@WsEndpoint("/chat/{room}")
public class ChatEndpoint {
    private static final Log LOG = LogFactory.getLog(ChatEndpoint.class);
    static final String NOT_A_CHAT_MESSAGE = "not a JSON chat message";

    private final ChatService chat;

    public ChatEndpoint(ChatService chat) {
        this.chat = chat;
    }

    @OnOpen
    void open(WsSession session, @PathParam("room") String room) {
        if (!ChatService.isValidRoomName(room)) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("invalid room name"));
        }
    }

    @OnTextMessage
    Error message(ClientMessage message, WsSession session, @PathParam("room") String room) {
        if (!ChatService.isValidRoomName(room)) {
            return null; // refused in open(), and closing: a message read before that must not create the room
        }
        if (message == null || message.type() == null) {
            return new Error("invalid-message", "a message needs a 'type'");
        }
        return switch (message.type()) {
            case "join" -> chat.join(session, room, message.nickname());
            case "message" -> chat.post(session, room, message.text());
            default -> new Error("unknown-type", "unknown message type '" + shortened(message.type()) + "'");
        };
    }

    @OnClose
    void close(WsSession session, @PathParam("room") String room) {
        chat.leave(session, room);
    }

    /**
     * What a client is told is fixed text: the failure's message names our classes and methods, and a
     * parser's message quotes its internals, so they go to the log only (a client's mistake at DEBUG,
     * ours at ERROR).
     */
    @OnError
    Error error(WsSession session, Throwable failure) {
        if (failure instanceof WsMessageDecodingException) {
            LOG.debug("chat session " + session.id() + " sent a frame that is not a chat message", failure);
            session.close(CloseStatus.INVALID_PAYLOAD.withReason(NOT_A_CHAT_MESSAGE));
            return null;
        }
        LOG.error("chat session " + session.id() + " failed", failure);
        return new Error("internal", "the server could not handle that message");
    }

    /** A client's text quoted back at most 40 characters long: an error should not echo a megabyte. */
    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
