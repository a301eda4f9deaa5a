package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code chat.page-socket=engine-port}: {@code /api/config} names the engine's own port, and the page
 * chats there instead of on the web app's port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"ws.server.port=0",
        "chat.page-socket=engine-port"})
class EnginePortPageTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int webPort;

    @LocalWsServerPort
    int enginePort;

    @Autowired
    JsonMapper json;

    private final Browsers browsers = new Browsers();

    @AfterEach
    void quitBrowsers() {
        browsers.quitAll();
    }

    @Test
    void configNamesThePortTheEngineListensOn() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + "/api/config")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode config = json.readTree(response.body());

        assertThat(enginePort).isPositive().isNotEqualTo(webPort);
        assertThat(config.path("wsPort").asInt()).isEqualTo(enginePort);
        assertThat(config.path("wsPath").asString()).isEqualTo("/chat/");
    }

    @Test
    void thePageChatsOnTheEnginesOwnPort() {
        Browsers.assumeInstalled();
        String room = "engine-" + BrowserTestSupport.suffix();
        ChatPage ada = ChatPage.open(browsers.open(), webPort).join("Ada", room);

        ada.send("over the engine's own port");
        ada.waitForMessage("Ada", "over the engine's own port");

        assertThat(ada.socketUrl()).isEqualTo("ws://127.0.0.1:" + enginePort + "/chat/" + room);
    }
}
