package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.test.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the README's curl lines show, on the sample's default run (no Redis): health UP with the
 * server's details, the metrics, and the websockets endpoint, read-only.
 */
class ActuatorTests {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ConfigurableApplicationContext context;
    private static int port;

    @BeforeAll
    static void start() {
        context = SpringApplication.run(ChatApplication.class, "--server.port=0", "--server.address=127.0.0.1",
                "--ws.server.port=0", "--ws.server.address=127.0.0.1", "--spring.main.banner-mode=off");
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithoutRedisAndShowsTheServersLoops() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"wsServer\"").contains("ws-loop-0").doesNotContain("\"redis\"");
    }

    @Test
    void theMetricsAreExposedWithTheWebSocketMeters() throws Exception {
        assertThat(send("GET", "/actuator/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> sessions = send("GET", "/actuator/metrics/ws.server.sessions.active");
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
        assertThat(sessions.body()).contains("/chat/{room}");
    }

    @Test
    void theWebsocketsEndpointListsTheChatAndItsSessionsButClosesNone() throws Exception {
        JsonMapper json = context.getBean(JsonMapper.class);
        try (ChatClient ada = new ChatClient(WsTestClient.forApplication(context).connect("/chat/lobby"), json)) {
            ada.join("ada");
            HttpResponse<String> list = send("GET", "/actuator/websockets");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"/chat/{room}\"");

            HttpResponse<String> sessions = send("GET", "/actuator/websockets/chat/%7Broom%7D");
            assertThat(sessions.statusCode()).isEqualTo(200);
            assertThat(sessions.body()).contains("\"sessions\":[{\"id\":");

            String id = json.readTree(sessions.body()).get("sessions").get(0).get("id").asString();
            assertThat(send("DELETE", "/actuator/websockets/chat/%7Broom%7D/" + id).statusCode())
                    .as("read-only: no DELETE").isNotEqualTo(200);
        }
    }
}
