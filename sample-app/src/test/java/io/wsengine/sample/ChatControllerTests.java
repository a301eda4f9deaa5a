package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.wsengine.spring.LocalWsServerPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code /api/config}: the WebSocket server's own port, or the one a proxy puts it on
 * ({@code chat.public-ws-port}), and the chat's limits as the server applies them.
 */
class ChatControllerTests {
    private final MockEnvironment environment = new MockEnvironment().withProperty(LocalWsServerPort.PROPERTY, "8090");
    private final ChatProperties properties = new ChatProperties(50, 2000, 32, Duration.ofMinutes(5));

    @Test
    void configGivesTheWebSocketServersPort() {
        ChatController controller = new ChatController(mock(ChatService.class), properties, environment, null);

        assertThat(controller.config()).containsEntry("wsPort", 8090).containsEntry("wsPath", "/chat/");
    }

    @Test
    void configGivesThePublicPortWhenOneIsSet() {
        ChatController controller = new ChatController(mock(ChatService.class), properties, environment, 443);

        assertThat(controller.config()).containsEntry("wsPort", 443).containsEntry("wsPath", "/chat/");
    }

    @Test
    void configGivesTheLimitsTheServerApplies() {
        ChatProperties strict = new ChatProperties(50, 280, 12, Duration.ofMinutes(5));
        ChatController controller = new ChatController(mock(ChatService.class), strict, environment, null);

        assertThat(controller.config()).containsEntry("maxMessageLength", 280).containsEntry("maxNicknameLength", 12);
    }
}
