package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.spring.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Jetty ({@code spring-boot-starter-jetty}): its servlet upgrade (Jetty 12.1, ee11) reads a GET
 * without a body to its end before the upgrade handler starts, so the client's first frames are
 * parsed as a new HTTP request. The web port refuses to start on it, saying why; the engine's own
 * port serves a Jetty application as any other.
 */
class JettyWebPortTest {

    private static SpringApplicationBuilder onJetty(String serveOn) {
        return new SpringApplicationBuilder(WebPortApp.class, OnJetty.class)
                .properties("server.port=0", "ws.server.port=0", "ws.server.serve-on=" + serveOn);
    }

    @Test
    void webPortRefusesToStartOnJettySayingWhy() {
        assertThatThrownBy(() -> onJetty("both").run().close())
                .hasStackTraceContaining("is not supported on jetty")
                .hasStackTraceContaining("ws.server.serve-on=own-port");
    }

    @Test
    void ownPortServesAJettyApplication() {
        try (ConfigurableApplicationContext context = onJetty("own-port").run();
             TestClient client = TestClient.connect(
                     context.getEnvironment().getProperty("local.ws.server.port", Integer.class), "/echo")) {
            client.send("on the engine's port");

            assertThat(client.nextText()).isEqualTo("on the engine's port");
        }
    }
}
