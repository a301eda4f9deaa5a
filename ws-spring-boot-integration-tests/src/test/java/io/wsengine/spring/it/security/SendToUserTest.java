package io.wsengine.spring.it.security;

import static io.wsengine.spring.it.security.TestUserInterceptor.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.CountingJsonCodec;
import io.wsengine.spring.testing.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@link WsBroadcaster#sendToUser}: to every open session of the user the handshake authenticated,
 * on every endpoint, encoded once; nobody else's session gets it.
 */
@SpringBootTest(classes = SendToUserTest.App.class, properties = {"ws.server.port=0",
        "ws.server.security.enabled=false"}) // the test interceptor names the principal, not a token
class SendToUserTest {

    record Note(String text) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({InboxEndpoint.class, AlertsEndpoint.class, TestUserInterceptor.class})
    static class App {
        @Bean
        CountingJsonCodec countingJsonCodec() {
            return new CountingJsonCodec();
        }
    }

    @WsEndpoint("/inbox")
    static class InboxEndpoint {
        @OnOpen
        String open() {
            return "welcome";
        }
    }

    @WsEndpoint("/alerts")
    static class AlertsEndpoint {
        @OnOpen
        String open() {
            return "welcome";
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    WsBroadcaster broadcaster;

    @Autowired
    CountingJsonCodec json;

    /** Connects and waits for the welcome: the session is open, and registered as its user's. */
    private TestClient open(String path, String user) {
        TestClient client = user == null ? TestClient.connect(port, path) : TestClient.connect(port, path, as(user));
        assertThat(client.nextText()).isEqualTo("welcome");
        return client;
    }

    @Test
    void reachesEveryOpenSessionOfTheUserOnEveryEndpointAndNobodyElse() {
        try (TestClient adaInbox = open("/inbox", "ada");
             TestClient adaAlerts = open("/alerts", "ada");
             TestClient bob = open("/inbox", "bob");
             TestClient nobody = open("/inbox", null)) {
            assertThat(broadcaster.userSessions("ada")).hasSize(2);

            assertThat(broadcaster.sendToUser("ada", "for ada")).isEqualTo(2);
            assertThat(broadcaster.sendToUser("bob", "for bob")).isEqualTo(1);
            broadcaster.broadcast("/inbox", "for the inbox");

            for (TestClient ada : List.of(adaInbox, adaAlerts)) {
                assertThat(ada.nextText()).isEqualTo("for ada");
            }
            // Sends to one session keep their order: ada's message, had it arrived, would come first.
            assertThat(bob.nextText()).isEqualTo("for bob");
            assertThat(nobody.nextText()).isEqualTo("for the inbox");
        }
    }

    @Test
    void anObjectIsEncodedOnceForAllOfTheUsersSessions() {
        try (TestClient inbox = open("/inbox", "ada");
             TestClient alerts = open("/alerts", "ada")) {
            int before = json.encoded();
            assertThat(broadcaster.sendToUser("ada", new Note("hi"))).isEqualTo(2);
            assertThat(json.encoded() - before).isEqualTo(1);
            assertThat(inbox.nextText()).isEqualTo("{\"text\":\"hi\"}");
            assertThat(alerts.nextText()).isEqualTo("{\"text\":\"hi\"}");
        }
    }

    @Test
    void aUserWithoutOpenSessionsGetsNothingAndTheCountSaysSo() {
        try (TestClient ada = open("/inbox", "ada")) {
            int before = json.encoded();
            assertThat(broadcaster.sendToUser("ada", "only while open")).isEqualTo(1);
            assertThat(ada.nextText()).isEqualTo("only while open");
            ada.closeNormally();
            await().atMost(TestClient.TIMEOUT).until(() -> broadcaster.userSessions("ada").isEmpty());
            assertThat(broadcaster.sendToUser("ada", new Note("too late"))).isZero();
            assertThat(json.encoded()).as("nothing encoded for nobody").isEqualTo(before);
        }
    }
}
