package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** The chat's rules and page socket as shipped (the other tests run with smaller rules, to stay quick). */
class ChatPropertiesTests {

    private static ChatProperties bind(Map<?, ?> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("chat", ChatProperties.class);
    }

    @Test
    void theShippedApplicationKeepsTheLast50MessagesOfARoom() throws IOException {
        Properties shipped = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));

        ChatProperties chat = bind(shipped);

        assertThat(chat.historySize()).isEqualTo(50);
        assertThat(chat.maxMessageLength()).isEqualTo(2000);
        assertThat(chat.emptyRoomTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(chat.pageSocket()).isEqualTo(PageSocket.WEB_PORT);
        assertThat(shipped).containsEntry("ws.server.serve-on", "both");
    }

    @Test
    void withoutSettingsTheDefaultsAreTheSame() {
        ChatProperties chat = bind(Map.of());

        assertThat(chat.historySize()).isEqualTo(50);
        assertThat(chat.maxMessageLength()).isEqualTo(2000);
        assertThat(chat.maxNicknameLength()).isEqualTo(32);
        assertThat(chat.pageSocket()).isEqualTo(PageSocket.WEB_PORT);
        assertThat(chat.publicWsPort()).isNull();
    }

    @Test
    void thePageSwitchesToTheEnginesOwnPortAndAProxysPortForIt() {
        ChatProperties chat = bind(Map.of("chat.page-socket", "engine-port", "chat.public-ws-port", "443"));

        assertThat(chat.pageSocket()).isEqualTo(PageSocket.ENGINE_PORT);
        assertThat(chat.publicWsPort()).isEqualTo(443);
    }
}
