package io.wsengine.sample;

import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as an AOT-processed application runs it (failsafe sets {@code spring.aot.enabled}, after
 * {@code process-aot}): its bean definitions come from the generated code, not from scanning, and a
 * message goes through the chat's echo endpoint and back, on the engine's own port and on the web app's.
 */
class AotChatApplicationIT {

    @Test
    void theAotProcessedApplicationStartsAndEchoes() throws Exception {
        assertThat(AotDetector.useGeneratedArtifacts()).as("spring.aot.enabled").isTrue();
        SpringApplication application = new SpringApplication(ChatApplication.class);
        application.setMainApplicationClass(ChatApplication.class); // AOT finds its initializer by this name
        try (ConfigurableApplicationContext context = application.run(
                "--server.port=0", "--ws.server.port=0", "--ws.server.address=127.0.0.1")) {
            int webPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            WsTestClient ws = WsTestClient.forApplication(context);
            try (WsTestSession client = ws.connect("/echo")) {
                client.sendText("ahead of time");
                assertThat(client.awaitText()).isEqualTo("ahead of time");
            }
            try (WsTestSession client = ws.connect("/echo", options -> options.port(webPort))) {
                client.sendText("ahead of time, on the web port");
                assertThat(client.awaitText()).isEqualTo("ahead of time, on the web port");
            }
        }
    }
}
