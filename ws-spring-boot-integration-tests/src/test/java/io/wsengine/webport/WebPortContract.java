package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.testing.TestClient;
import io.wsengine.testing.RawWsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the endpoints do on the web server's port, whatever the servlet container: a subclass starts
 * the application on one (Tomcat, Jetty) with {@code ws.server.serve-on=both}.
 */
abstract class WebPortContract {
    @LocalServerPort
    int webPort;

    @Autowired
    WebPortApp.Echo echo;

    @Test
    void echoesTextOnTheWebPort() {
        try (TestClient client = TestClient.connect(webPort, "/echo")) {
            client.send("hello over the web port");

            assertThat(client.nextText()).isEqualTo("hello over the web port");
        }
    }

    @Test
    void sessionReportsTheWebPortAsItsLocalAddress() throws InterruptedException {
        echo.opened.clear();
        try (TestClient client = TestClient.connect(webPort, "/echo")) {
            WsSession session = echo.opened.poll(10, TimeUnit.SECONDS);

            assertThat(session).isNotNull();
            assertThat(session.localAddress().getPort()).isEqualTo(webPort);
            assertThat(session.handshake().hosted()).isTrue();
        }
    }

    @Test
    void largeMessagesCrossTheContainerBothWays() {
        String large = "x".repeat(300_000);
        try (TestClient client = TestClient.connect(webPort, "/echo")) {
            client.send(large);

            assertThat(client.nextText()).isEqualTo(large);
        }
    }

    @Test
    void pathVariablesAndInterceptorAttributesReachTheEndpoint() {
        try (TestClient client = TestClient.connect(webPort, "/rooms/blue?guest=ada")) {
            assertThat(client.nextText()).isEqualTo("room blue guest ada");
        }
    }

    @Test
    void interceptorRefusalReachesTheClientWithItsStatusHeadersAndMessage() {
        HttpResponse<?> refusal = TestClient.refusal(webPort, "/rooms/blue", Map.of());

        assertThat(refusal.statusCode()).isEqualTo(403);
        assertThat(refusal.headers().firstValue("X-Why")).hasValue("no guest");
    }

    @Test
    void closeCodeChosenByTheEndpointReachesTheClient() throws InterruptedException {
        echo.closed.clear();
        try (TestClient client = TestClient.connect(webPort, "/echo")) {
            client.send("close 4001");

            assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(4001, "asked to"));
        }
        assertThat(echo.closed.poll(10, TimeUnit.SECONDS)).extracting(CloseStatus::code).isEqualTo(4001);
    }

    @Test
    void clientCloseCompletesTheCloseHandshake() throws InterruptedException {
        echo.closed.clear();
        TestClient client = TestClient.connect(webPort, "/echo");

        assertThat(client.closeNormally().code()).isEqualTo(1000);
        assertThat(echo.closed.poll(10, TimeUnit.SECONDS)).extracting(CloseStatus::code).isEqualTo(1000);
    }

    // RFC 6455 section 7.1.1: the server closes the TCP connection first, once both close frames are exchanged.
    @Test
    void serverClosesTheConnectionAfterItsCloseIsAnswered() throws Exception {
        try (RawWsClient client = RawWsClient.open(webPort, "/echo")) {
            client.setReadTimeout(10_000);
            client.sendText("close 4002");
            assertThat(client.readClose().closeCode()).isEqualTo(4002);

            client.sendClose(4002, "");

            assertThat(client.awaitEndOfStream()).as("the server closed the socket").isTrue();
        }
    }

    @Test
    void serverClosesTheConnectionAfterAnsweringTheClientsClose() throws Exception {
        try (RawWsClient client = RawWsClient.open(webPort, "/echo")) {
            client.setReadTimeout(10_000);
            client.sendClose(1000, "bye");

            assertThat(client.readClose().closeCode()).isEqualTo(1000);
            assertThat(client.awaitEndOfStream()).as("the server closed the socket").isTrue();
        }
    }

    // The container's own idle timeout (set to 1 s by the subclasses) must not end a WebSocket:
    // the engine's ws.server.idle-timeout and pings govern it.
    @Test
    void sessionOutlivesTheContainersIdleTimeout() throws InterruptedException {
        echo.opened.clear();
        try (TestClient client = TestClient.connect(webPort, "/echo")) {
            WsSession session = echo.opened.poll(10, TimeUnit.SECONDS);
            assertThat(session).isNotNull();

            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(session::isOpen);

            client.send("still here");
            assertThat(client.nextText()).isEqualTo("still here");
        }
    }

    @Test
    void plainRequestsStayWithTheWebApplication() throws Exception {
        assertThat(get("/hello")).isEqualTo("200 hello from the web app");
        assertThat(get("/echo")).as("a GET without Upgrade on an endpoint's path").isEqualTo("200 the echo endpoint's page");
    }

    @Test
    void upgradesToPathsThatAreNotEndpointsStayWithTheWebApplication() throws Exception {
        HttpResponse<?> response = TestClient.refusal(webPort, "/hello", Map.of());

        assertThat(response.statusCode()).isNotEqualTo(101);
    }

    private String get(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
