package io.wsengine.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** The websockets endpoint and the health over HTTP, as an operator with curl would use them. */
@SpringBootTest(classes = ActuatedApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ws.server.port=0", "ws.server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,websockets",
        "management.endpoint.health.show-details=always"})
class WebSocketsEndpointHttpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int webPort;
    @Autowired
    WsServerLifecycle lifecycle;
    @Autowired
    ActuatedApp.Chat chat;

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), Map.class);
    }

    private WsSession opened() throws InterruptedException {
        WsSession session = chat.opened.poll(10, TimeUnit.SECONDS);
        assertThat(session).as("a chat session opened").isNotNull();
        return session;
    }

    @Test
    void listsTheEndpointsWithTheirSessionCounts() throws Exception {
        try (TestClient ignored = TestClient.connect(lifecycle.port(), "/chat/lobby")) {
            opened();
            // another test's session may still be closing
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> body = json(send("GET", "/actuator/websockets"));
                assertThat(body).containsEntry("running", true);
                assertThat((List<Map<String, Object>>) body.get("endpoints")).containsExactlyInAnyOrder(
                        Map.of("path", "/chat/{room}", "sessions", 1), Map.of("path", "/echo", "sessions", 0));
            });
        }
    }

    @Test
    void describesOneEndpointsSessionsWithoutContentsOrAttributeValues() throws Exception {
        try (TestClient client = TestClient.connect(lifecycle.port(), "/chat/lobby")) {
            WsSession session = opened();
            client.send("a message no operator reads");
            assertThat(client.nextText()).isEqualTo("a message no operator reads");

            HttpResponse<String> response = send("GET", "/actuator/websockets/chat/%7Broom%7D");
            Map<String, Object> body = json(response);
            assertThat(body).containsEntry("path", "/chat/{room}");
            List<Map<String, Object>> sessions = (List<Map<String, Object>>) body.get("sessions");
            assertThat(sessions).filteredOn(described -> described.get("id").equals(session.id())).singleElement()
                    .satisfies(described -> assertThat(described)
                    .containsKeys("remoteAddress", "openedAt", "bytesIn", "bytesOut", "bufferedBytes", "groups"));
            assertThat(response.body()).doesNotContain("a message no operator reads").doesNotContain("never shown");

            Map<String, Object> one = json(send("GET", "/actuator/websockets/chat/%7Broom%7D/" + session.id()));
            assertThat(one).containsEntry("id", session.id());
        }
    }

    @Test
    void anUnknownEndpointOrSessionIsNotFound() throws Exception {
        assertThat(send("GET", "/actuator/websockets/nowhere").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/actuator/websockets/echo/ffff").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/actuator/websockets/echo/ffff").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteClosesTheSessionWithPolicyViolation() throws Exception {
        try (TestClient client = TestClient.connect(lifecycle.port(), "/chat/lobby")) {
            WsSession session = opened();

            Map<String, Object> body = json(send("DELETE", "/actuator/websockets/chat/%7Broom%7D/" + session.id()));

            assertThat(body).containsEntry("closeCode", 1008);
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, WebSocketsEndpoint.CLOSE_REASON));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(chat.closed.get(session.id())).extracting(CloseStatus::code).isEqualTo(1008));
        }
    }

    @Test
    void healthIsUpWithTheLoopsAsDetails() throws Exception {
        Map<String, Object> body = json(send("GET", "/actuator/health/wsServer"));
        assertThat(body).containsEntry("status", "UP");
        assertThat((Map<String, Object>) body.get("details")).containsEntry("running", true).containsKey("loops");
    }
}
