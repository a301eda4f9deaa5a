package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** What @WsEndpoint sets per endpoint: its subprotocols and its own message size limit. */
class EndpointAttributesTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ProtocolEndpoint.class, SmallMessagesEndpoint.class})
    static class App {
    }

    @WsEndpoint(value = "/protocols", subprotocols = {"chat.v2", "chat.v1"})
    static class ProtocolEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @WsEndpoint(value = "/small", maxMessageSize = 16)
    static class SmallMessagesEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    private static ConfigurableApplicationContext context;
    private static int port;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("ws.server.port=0", "ws.server.max-message-size=1KB")
                .run();
        port = context.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void choosesTheEndpointsPreferredSubprotocolAmongThoseOffered() {
        try (TestClient client = TestClient.connectOffering(port, "/protocols", "chat.v1", "chat.v2")) {
            assertThat(client.subprotocol()).isEqualTo("chat.v2");
        }
    }

    @Test
    void choosesNoSubprotocolWhenTheClientOffersNoneOfTheEndpoints() {
        try (TestClient client = TestClient.connectOffering(port, "/protocols", "chat.v3")) {
            assertThat(client.subprotocol()).isEmpty();
            assertThat(client.send("still served").nextText()).isEqualTo("still served");
        }
    }

    @Test
    void acceptsAMessageAtTheEndpointsLimit() {
        try (TestClient client = TestClient.connect(port, "/small")) {
            assertThat(client.send("sixteen bytes!!!").nextText()).isEqualTo("sixteen bytes!!!");
        }
    }

    @Test
    void closesWith1009AMessageOverTheEndpointsLimitThoughUnderTheServersLimit() {
        try (TestClient client = TestClient.connect(port, "/small")) {
            client.send("seventeen bytes!!");
            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }
}
