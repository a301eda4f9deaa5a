package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.testing.TestClient;
import io.wsengine.testing.RawWsClient;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ws.server.serve-on=web-port} on Tomcat: the engine listens on no port of its own, the web
 * port serves the endpoints, a shutdown says going away (1001) to their sessions, and a paused session
 * leaves at most {@code ws.server.web-port-max-unread} unread.
 */
class WebPortOnlyTest {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(WebPortApp.class, OnTomcat.class)
                .properties("server.port=0", "ws.server.serve-on=web-port")
                .properties(properties)
                .run();
    }

    private static int webPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    @Test
    void engineListensOnNoPortOfItsOwn() {
        try (ConfigurableApplicationContext context = start();
             TestClient client = TestClient.connect(webPort(context), "/echo")) {
            client.send("web port only");

            assertThat(client.nextText()).isEqualTo("web port only");
            assertThat(context.getEnvironment().getProperty("local.ws.server.port", Integer.class)).isEqualTo(-1);
        }
    }

    @Test
    void deferredDecisionIsAwaitedOnTheRequestThread() {
        try (ConfigurableApplicationContext context = start();
             TestClient client = TestClient.connect(webPort(context), "/later")) {
            assertThat(client.nextText()).isEqualTo("decided later");
        }
    }

    @Test
    void decisionThatOutlastsTheHandshakeTimeoutGets503() {
        try (ConfigurableApplicationContext context = start("ws.server.handshake-timeout=300ms")) {
            assertThat(TestClient.refusal(webPort(context), "/later?never", java.util.Map.of()).statusCode())
                    .isEqualTo(503);
        }
    }

    @Test
    void shutdownSaysGoingAwayToWebPortSessions() {
        ConfigurableApplicationContext context = start();
        TestClient client = TestClient.connect(webPort(context), "/echo");
        client.send("before");
        assertThat(client.nextText()).isEqualTo("before");

        context.close();

        assertThat(client.awaitClose().code()).isEqualTo(1001);
    }

    @Test
    void pausedSessionThatIsSentMoreThanTheUnreadLimitIsDropped() throws IOException {
        try (ConfigurableApplicationContext context = start("ws.server.web-port-max-unread=64KB");
             RawWsClient client = RawWsClient.open(webPort(context), "/paused")) {
            byte[] chunk = RawWsClient.frame(true, 0x2, new byte[16 * 1024]);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    client.sendRaw(chunk); // the session reads nothing: its unread bytes grow past 64 KB
                    return false;
                } catch (IOException dropped) {
                    return true;
                }
            });
        }
    }
}
