package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

import io.wsengine.sample.ChatProtocol.PageConfig;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.WsServerProperties.ServeOn;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code /api/config}: no port (the page's own origin, the web app's port) by default; with
 * {@code chat.page-socket=engine-port} the engine's own port, or the one a proxy puts it on
 * ({@code chat.public-ws-port}); and the chat's limits as the server applies them. A page socket on a
 * port the engine does not serve fails start-up.
 */
class ChatControllerTests {
    private final MockEnvironment environment = new MockEnvironment().withProperty(LocalWsServerPort.PROPERTY, "8090");

    @Test
    void byDefaultConfigNamesNoPortSoThePageUsesItsOwnOrigin() {
        PageConfig config = controller(properties(PageSocket.WEB_PORT, null), ServeOn.BOTH).config();

        assertThat(config.wsPort()).isNull();
        assertThat(config.wsPath()).isEqualTo("/chat/");
    }

    @Test
    void onTheWebPortConfigNamesNoPortEvenWithAPublicEnginePort() {
        PageConfig config = controller(properties(PageSocket.WEB_PORT, 443), ServeOn.BOTH).config();

        assertThat(config.wsPort()).as("chat.public-ws-port is the engine's port's, unused here").isNull();
    }

    @Test
    void onTheEnginePortConfigGivesThePortTheEngineListensOn() {
        PageConfig config = controller(properties(PageSocket.ENGINE_PORT, null), ServeOn.OWN_PORT).config();

        assertThat(config.wsPort()).isEqualTo(8090);
        assertThat(config.wsPath()).isEqualTo("/chat/");
    }

    @Test
    void onTheEnginePortConfigGivesThePublicPortWhenOneIsSet() {
        PageConfig config = controller(properties(PageSocket.ENGINE_PORT, 443), ServeOn.BOTH).config();

        assertThat(config.wsPort()).isEqualTo(443);
    }

    @Test
    void configGivesTheLimitsTheServerApplies() {
        ChatProperties strict = new ChatProperties(50, 280, 12, Duration.ofMinutes(5), PageSocket.WEB_PORT, null, Duration.ofDays(1));

        PageConfig config = controller(strict, ServeOn.BOTH).config();

        assertThat(config.maxMessageLength()).isEqualTo(280);
        assertThat(config.maxNicknameLength()).isEqualTo(12);
    }

    @Test
    void aPageSocketOnAPortTheEngineDoesNotServeFailsStartUpSayingWhich() {
        assertThatIllegalStateException()
                .isThrownBy(() -> controller(properties(PageSocket.WEB_PORT, null), ServeOn.OWN_PORT))
                .withMessageContaining("chat.page-socket=web-port").withMessageContaining("ws.server.serve-on=own-port");
        assertThatIllegalStateException()
                .isThrownBy(() -> controller(properties(PageSocket.ENGINE_PORT, null), ServeOn.WEB_PORT))
                .withMessageContaining("chat.page-socket=engine-port").withMessageContaining("ws.server.serve-on=web-port");
    }

    private static ChatProperties properties(PageSocket pageSocket, Integer publicWsPort) {
        return new ChatProperties(50, 2000, 32, Duration.ofMinutes(5), pageSocket, publicWsPort, Duration.ofDays(1));
    }

    private ChatController controller(ChatProperties properties, ServeOn serveOn) {
        WsServerProperties server = new WsServerProperties();
        server.setServeOn(serveOn);
        return new ChatController(mock(ChatService.class), properties, server, environment);
    }
}
