package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsInterceptorFor;
import io.wsengine.spring.testing.TestClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** HandshakeInterceptor beans: refusing, accepting with attributes, and scoped to one endpoint. */
@SpringBootTest(classes = HandshakeInterceptorTest.App.class, properties = "ws.server.port=0")
class HandshakeInterceptorTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({SecureEndpoint.class, PublicEndpoint.class, TokenInterceptor.class, StampInterceptor.class})
    static class App {
    }

    /** Wants a token, from the query or a bearer header; the principal goes into the attributes. */
    @WsInterceptorFor("/secure")
    static class TokenInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            String token = request.queryParam("token");
            String authorization = request.header("Authorization");
            if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
                token = authorization.substring("Bearer ".length());
            }
            if (token == null) {
                return HandshakeResult.reject(401, "token required", Map.of("WWW-Authenticate", "Bearer"));
            }
            attributes.put("principal", "user-" + token);
            return HandshakeResult.accept();
        }
    }

    /** Not scoped: applies to every endpoint. */
    static class StampInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            attributes.put("stamp", "global");
            return HandshakeResult.accept();
        }
    }

    @WsEndpoint("/secure")
    static class SecureEndpoint {
        @OnOpen
        String open(WsSession session) {
            return describe(session);
        }
    }

    @WsEndpoint("/public")
    static class PublicEndpoint {
        @OnOpen
        String open(WsSession session) {
            return describe(session);
        }
    }

    static String describe(WsSession session) {
        return "principal=" + session.attributes().get("principal") + " stamp=" + session.attributes().get("stamp");
    }

    @LocalWsServerPort
    int port;

    @Test
    void refusesWithoutTokenWith401AndAChallenge() {
        HttpResponse<?> refusal = TestClient.refusal(port, "/secure", Map.of());
        assertThat(refusal.statusCode()).isEqualTo(401);
        assertThat(refusal.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void acceptsTokenFromTheQueryAndTheEndpointReadsThePrincipal() {
        try (TestClient client = TestClient.connect(port, "/secure?token=ada")) {
            assertThat(client.nextText()).isEqualTo("principal=user-ada stamp=global");
        }
    }

    @Test
    void acceptsTokenFromTheAuthorizationHeader() {
        try (TestClient client = TestClient.connect(port, "/secure", Map.of("Authorization", "Bearer bob"))) {
            assertThat(client.nextText()).isEqualTo("principal=user-bob stamp=global");
        }
    }

    @Test
    void scopedInterceptorDoesNotApplyToOtherEndpoints() {
        try (TestClient client = TestClient.connect(port, "/public")) {
            assertThat(client.nextText()).startsWith("principal=null ");
        }
    }

    @Test
    void unscopedInterceptorAppliesToEveryEndpoint() {
        try (TestClient client = TestClient.connect(port, "/public")) {
            assertThat(client.nextText()).endsWith(" stamp=global");
        }
    }
}
