package io.wsengine.readme.endpoints;

import static io.wsengine.spring.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The README's endpoint model snippets do what the README says they do. */
@SpringBootTest(classes = EndpointSnippetsTest.App.class, properties = "ws.server.port=0")
@AutoConfigureWsTestClient
class EndpointSnippetsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ChatEndpoint.class, TokenInterceptor.class, PriceFeedEndpoint.class})
    static class App {
    }

    @Autowired
    WsTestClient ws;

    @Test
    void aMessageReachesEveryoneInTheRoom() {
        try (WsTestSession ada = ws.connect("/chat/lobby?token=a"); WsTestSession bob = ws.connect("/chat/lobby?token=b")) {
            joined(ada);
            joined(bob);

            ada.sendJson(new ChatMessage("ada", "hi"));

            assertThat(ada).receivesJson(ChatEvent.class, event -> assertThat(event).isEqualTo(new ChatEvent("ada", "hi")));
            assertThat(bob).receivesJson(ChatEvent.class, event -> assertThat(event).isEqualTo(new ChatEvent("ada", "hi")));
        }
    }

    @Test
    void anUndecodableMessageGetsAClientSafeErrorAndTheSessionStaysOpen() {
        try (WsTestSession session = ws.connect("/chat/lobby?token=a")) {
            session.sendText("{\"author\": [");

            assertThat(session).receivesJson(ChatError.class,
                    error -> assertThat(error.error()).isEqualTo("message could not be decoded"));
            joined(session);
        }
    }

    @Test
    void theInterceptorRefusesAHandshakeWithoutAToken() {
        assertThatThrownBy(() -> ws.connect("/chat/lobby")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/chat/lobby");
    }

    @Test
    void theFeedChoosesItsPreferredSubprotocol() {
        try (WsTestSession session = ws.connect("/prices", o -> o.subprotocols("prices.v1", "prices.v2"))) {
            assertThat(session.subprotocol()).isEqualTo("prices.v2");
        }
    }

    /** A binary echo: the session's calls run in order, so once it is back, @OnOpen has joined the room. */
    private static void joined(WsTestSession session) {
        session.sendBinary(new byte[] {1});
        assertThat(session).receivesBinary(new byte[] {1});
    }
}
