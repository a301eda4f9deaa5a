package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wsengine.spring.WsServerLifecycle;
import org.junit.jupiter.api.Test;

/** {@code /api/config} when a proxy puts the WebSocket server on another port ({@code chat.public-ws-port}). */
class ChatControllerTests {

    @Test
    void configGivesThePublicPortWhenOneIsSet() {
        WsServerLifecycle server = mock(WsServerLifecycle.class);
        when(server.port()).thenReturn(8090);

        ChatController controller = new ChatController(mock(ChatService.class), server, 443);

        assertThat(controller.config()).containsEntry("wsPort", 443).containsEntry("wsPath", "/chat/");
    }
}
