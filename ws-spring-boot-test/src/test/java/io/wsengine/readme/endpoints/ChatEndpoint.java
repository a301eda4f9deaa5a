package io.wsengine.readme.endpoints;

// tag::chat-endpoint[]
import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsMessageDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

record ChatMessage(String author, String text) { }
record ChatEvent(String author, String text) { }
record ChatError(String error) { }

@WsEndpoint("/chat/{room}")
class ChatEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ChatEndpoint.class);
    private final WsBroadcaster broadcaster;

    ChatEndpoint(WsBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @OnOpen
    void open(WsSession session, @PathParam("room") String room) {
        session.join("room:" + room);       // left by itself when the session closes
    }

    @OnTextMessage                          // JSON, decoded with the application's Jackson mapper
    void text(ChatMessage message, @PathParam("room") String room) {
        broadcaster.publish("room:" + room, new ChatEvent(message.author(), message.text()));
    }

    @OnBinaryMessage
    byte[] binary(byte[] data) {            // a return value is sent back to the session
        return data;
    }

    @OnClose
    void close(WsSession session, CloseStatus status) {
        log.debug("session {} closed: {}", session.id(), status);
    }

    @OnError                                // returns normally: handled, the session stays open
    ChatError error(WsSession session, Throwable failure) {
        if (failure instanceof WsMessageDecodingException undecodable) {
            log.debug("session {}: {}", session.id(), undecodable.getMessage());  // the parser's detail
            return new ChatError(undecodable.clientMessage());  // "message could not be decoded"
        }
        log.warn("session {} failed", session.id(), failure);
        return new ChatError("the server could not handle that message");  // no class name, no stack
    }
}
// end::chat-endpoint[]
