package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A {@link Principal} parameter, on every kind of endpoint method, receives who connected: the
 * principal a handshake interceptor named with {@code HandshakeResult.accept().withPrincipal(...)}.
 * Plain JDK principals here; Spring Security's {@code Authentication} is in {@code it.security}.
 */
@SpringBootTest(classes = PrincipalParametersTest.App.class, properties = "ws.server.port=0")
class PrincipalParametersTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({WhoEndpoint.class, HeaderPrincipalInterceptor.class})
    static class App {
    }

    record UserPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    /** A principal of a type of its own, as a security library's token would be. */
    record TeamPrincipal(String name, String team) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    /** {@code X-User: ada} names a user, {@code X-User: team:bob} a team member; no header: anonymous. */
    static class HeaderPrincipalInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            String user = request.header("X-User");
            if (user == null) {
                return HandshakeResult.accept();
            }
            return HandshakeResult.accept().withPrincipal(user.startsWith("team:")
                    ? new TeamPrincipal(user.substring("team:".length()), "blue") : new UserPrincipal(user));
        }
    }

    @WsEndpoint("/who")
    static class WhoEndpoint {
        final BlockingQueue<String> closedBy = new LinkedBlockingQueue<>();

        @OnOpen
        String open(Principal principal) {
            return "open " + name(principal);
        }

        @OnTextMessage
        String text(String text, Principal principal, TeamPrincipal member) {
            return "text " + name(principal) + " team " + (member == null ? "none" : member.team());
        }

        @OnBinaryMessage
        void binary(byte[] data) {
            throw new IllegalStateException("no binary here");
        }

        @OnError
        String error(Throwable failure, Principal principal) {
            return "error " + name(principal);
        }

        @OnClose
        void close(Principal principal) {
            closedBy.add(name(principal));
        }

        private static String name(Principal principal) {
            return principal == null ? "null" : principal.getName();
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    WhoEndpoint endpoint;

    @BeforeEach
    void forgetEarlierCloses() {
        endpoint.closedBy.clear();
    }

    @Test
    void everyKindOfMethodReceivesTheSessionsPrincipal() throws Exception {
        try (TestClient client = TestClient.connect(port, "/who", Map.of("X-User", "ada"))) {
            assertThat(client.nextText()).isEqualTo("open ada");
            client.send("hi");
            assertThat(client.nextText()).isEqualTo("text ada team none"); // not a TeamPrincipal: null
            client.send(new byte[] {1});
            assertThat(client.nextText()).isEqualTo("error ada");
            client.closeNormally();
        }
        // an earlier test's session may close meanwhile: wait for this one's
        await().atMost(TestClient.TIMEOUT).until(() -> endpoint.closedBy.contains("ada"));
    }

    @Test
    void aParameterOfThePrincipalsOwnTypeReceivesIt() {
        try (TestClient client = TestClient.connect(port, "/who", Map.of("X-User", "team:bob"))) {
            assertThat(client.nextText()).isEqualTo("open bob");
            client.send("hi");
            assertThat(client.nextText()).isEqualTo("text bob team blue");
        }
    }

    @Test
    void anAnonymousSessionGetsNullForEveryPrincipalParameter() throws Exception {
        try (TestClient client = TestClient.connect(port, "/who")) {
            assertThat(client.nextText()).isEqualTo("open null");
            client.send("hi");
            assertThat(client.nextText()).isEqualTo("text null team none");
            client.send(new byte[] {1});
            assertThat(client.nextText()).isEqualTo("error null");
            client.closeNormally();
        }
        // an earlier test's session may close meanwhile: wait for this one's
        await().atMost(TestClient.TIMEOUT).until(() -> endpoint.closedBy.contains("null"));
    }
}
