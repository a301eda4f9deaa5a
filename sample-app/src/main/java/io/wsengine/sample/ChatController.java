package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.RoomSummary;
import io.wsengine.spring.LocalWsServerPort;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the page asks the web server: where the WebSocket server is, and which rooms are active. */
@RestController
public class ChatController {
    private final ChatService chat;
    private final ChatProperties properties;
    private final Environment environment;
    private final Integer publicWebSocketPort;

    /** @param publicWebSocketPort the port browsers reach the WebSocket server on, when a proxy changes it */
    public ChatController(ChatService chat, ChatProperties properties, Environment environment,
                          @Value("${chat.public-ws-port:#{null}}") Integer publicWebSocketPort) {
        this.chat = chat;
        this.properties = properties;
        this.environment = environment;
        this.publicWebSocketPort = publicWebSocketPort;
    }

    /**
     * The page builds {@code ws://<its own host>:<wsPort><wsPath><room>} ({@code wss://} when it came
     * over https) from this, and holds what the user types to the server's limits (in characters, as
     * the server counts them) so that it can say so before sending, instead of cutting the text.
     */
    @GetMapping("/api/config")
    Map<String, Object> config() {
        // the port the WebSocket server listens on, published once it has started (ws.server.port=0 too)
        int port = publicWebSocketPort != null ? publicWebSocketPort
                : environment.getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
        return Map.of("wsPort", port, "wsPath", "/chat/",
                "maxMessageLength", properties.maxMessageLength(), "maxNicknameLength", properties.maxNicknameLength());
    }

    @GetMapping("/api/rooms")
    List<RoomSummary> rooms() {
        return chat.rooms();
    }
}
