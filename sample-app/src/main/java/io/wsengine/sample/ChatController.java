package io.wsengine.sample;

import io.wsengine.sample.ChatProtocol.PageConfig;
import io.wsengine.sample.ChatProtocol.RoomSummary;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.WsServerProperties;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the page asks the web server: where the chat's WebSocket is, and which rooms are active. */
@RestController
public class ChatController {
    private final ChatService chat;
    private final ChatProperties properties;
    private final Environment environment;

    /** @throws IllegalStateException when the engine does not serve the port chosen for the page */
    public ChatController(ChatService chat, ChatProperties properties, WsServerProperties server,
                          Environment environment) {
        properties.pageSocket().requireServedBy(server.getServeOn());
        this.chat = chat;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * The page builds {@code ws://<its own host and port><wsPath><room>} from this, with
     * {@code <its own host>:<wsPort>} instead when a port is named ({@code wss://} when it came over
     * https), and holds what the user types to the server's limits so that it can say so before
     * sending, instead of cutting the text.
     */
    @GetMapping("/api/config")
    PageConfig config() {
        return new PageConfig(socketPort(), "/chat/", properties.maxMessageLength(), properties.maxNicknameLength());
    }

    @GetMapping("/api/rooms")
    List<RoomSummary> rooms() {
        return chat.rooms();
    }

    /** Null: the page's own origin, whatever host and port (and proxy) the browser reached it by. */
    private Integer socketPort() {
        return switch (properties.pageSocket()) {
            case WEB_PORT -> null;
            // the port the engine listens on, published once it has started (ws.server.port=0 too)
            case ENGINE_PORT -> properties.publicWsPort() != null ? properties.publicWsPort()
                    : environment.getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
        };
    }
}
