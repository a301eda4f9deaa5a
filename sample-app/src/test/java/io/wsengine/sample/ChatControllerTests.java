package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.wsengine.spring.LocalWsServerPort;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** {@code /api/config}: the WebSocket server's own port, or the one a proxy puts it on ({@code chat.public-ws-port}). */
class ChatControllerTests {
    private final MockEnvironment environment = new MockEnvironment().withProperty(LocalWsServerPort.PROPERTY, "8090");

    @Test
    void configGivesTheWebSocketServersPort() {
        ChatController controller = new ChatController(mock(ChatService.class), environment, null);

        assertThat(controller.config()).containsEntry("wsPort", 8090).containsEntry("wsPath", "/chat/");
    }

    @Test
    void configGivesThePublicPortWhenOneIsSet() {
        ChatController controller = new ChatController(mock(ChatService.class), environment, 443);

        assertThat(controller.config()).containsEntry("wsPort", 443).containsEntry("wsPath", "/chat/");
    }
}
