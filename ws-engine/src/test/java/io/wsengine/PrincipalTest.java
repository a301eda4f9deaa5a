package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who connected: the principal an interceptor names, on the session and in the server's index of users. */
class PrincipalTest {
    private final TestServers servers = new TestServers();
    private final List<JdkWsClient> clients = new ArrayList<>();
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void stop() {
        clients.forEach(JdkWsClient::close);
        servers.close();
    }

    /** Names the user from the X-User header, as an authenticating interceptor would from a token. */
    private static HandshakeResult userFromHeader(HandshakeRequest request, Map<String, Object> attributes) {
        String user = request.header("X-User");
        return user == null ? HandshakeResult.accept() : HandshakeResult.accept().withPrincipal(() -> user);
    }

    private JdkWsClient connect(int port, String path, String user) {
        JdkWsClient client = JdkWsClient.connect(URI.create("ws://127.0.0.1:" + port + path),
                user == null ? Map.of() : Map.of("X-User", user));
        clients.add(client);
        return client;
    }

    @Test
    void sessionKnowsThePrincipalTheInterceptorNamed() {
        int port = servers.start(TestServers.local().interceptor(PrincipalTest::userFromHeader)
                .route("/ws", handler)).port();

        connect(port, "/ws", "ada");

        assertThat(handler.awaitOpen().principal()).map(Principal::getName).hasValue("ada");
    }

    @Test
    void anonymousSessionHasNoPrincipal() {
        int port = servers.start(TestServers.local().interceptor(PrincipalTest::userFromHeader)
                .route("/ws", handler)).port();

        connect(port, "/ws", null);

        assertThat(handler.awaitOpen().principal()).isEmpty();
    }

    @Test
    void laterInterceptorMayNameAnotherPrincipalAndKeepsTheSubprotocol() {
        int port = servers.start(TestServers.local()
                .interceptor((request, attributes) -> HandshakeResult.acceptWithSubprotocol("v1").withPrincipal(() -> "first"))
                .route(WsRoute.builder("/ws", handler)
                        .interceptor((request, attributes) -> HandshakeResult.deferred(
                                CompletableFuture.completedFuture(HandshakeResult.accept().withPrincipal(() -> "second"))))
                        .build())).port();

        JdkWsClient client = JdkWsClient.connectOffering(port, "/ws", "v1");
        clients.add(client);

        WsSession session = handler.awaitOpen();
        assertThat(session.principal()).map(Principal::getName).hasValue("second");
        assertThat(session.subprotocol()).isEqualTo("v1");
    }

    @Test
    void userSessionsFindsEverySessionOfTheUserOnEveryRouteAndNoOneElses() {
        WsServer server = servers.start(TestServers.local().interceptor(PrincipalTest::userFromHeader)
                .route("/a", handler).route("/b", handler));
        connect(server.port(), "/a", "ada");
        connect(server.port(), "/b", "ada");
        connect(server.port(), "/a", "bob");
        connect(server.port(), "/a", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> handler.openedIds().size() == 4);

        assertThat(server.userSessions("ada")).hasSize(2)
                .allSatisfy(session -> assertThat(session.principal()).map(Principal::getName).hasValue("ada"));
        assertThat(server.userSessions("bob")).hasSize(1);
        assertThat(server.userSessions("carol")).isEmpty();
    }

    @Test
    void closedSessionLeavesItsUsersSessions() {
        WsServer server = servers.start(TestServers.local().interceptor(PrincipalTest::userFromHeader)
                .route("/ws", handler));
        JdkWsClient first = connect(server.port(), "/ws", "ada");
        connect(server.port(), "/ws", "ada");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.userSessions("ada").size() == 2);

        first.sendClose(1000, "bye");
        first.awaitClose();

        await().atMost(Duration.ofSeconds(20)).until(() -> server.userSessions("ada").size() == 1);
    }

    @Test
    void onlyAnAcceptanceNamesAPrincipal() {
        assertThatThrownBy(() -> HandshakeResult.reject(401).withPrincipal(() -> "ada"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HandshakeResult.accept().withPrincipal(null))
                .isInstanceOf(NullPointerException.class);
        assertThat(HandshakeResult.accept().principal()).isNull();
    }
}
