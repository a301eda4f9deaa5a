package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials in an upgrade request: interceptors see them during the handshake; once the session is
 * open, its handshake, query and {@code toString()} no longer show them.
 */
class HiddenCredentialsIntegrationTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-token.sig";
    private static final String TICKET = "tkt-9f8e7d6c5b4a";

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = new RecordingHandler();
    private final Map<String, Object> seenByInterceptor = new ConcurrentHashMap<>();
    private RawWsClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        servers.close();
    }

    private int start(WsServerConfig.Builder config) {
        return servers.start(config
                .interceptor((request, attributes) -> {
                    seenByInterceptor.put("authorization", String.valueOf(request.header("Authorization")));
                    seenByInterceptor.put("ticket", String.valueOf(request.queryParam("ticket")));
                    seenByInterceptor.put("subprotocols", request.subprotocols());
                    seenByInterceptor.put("toString", request.toString());
                    return HandshakeResult.accept();
                })
                .route(WsRoute.builder("/ws", handler).subprotocols("chat").build())).port();
    }

    private WsSession open(int port, String target, String extraHeaders) throws Exception {
        client = RawWsClient.connect(port);
        client.sendRaw("GET " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + RawWsClient.randomKey() + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n");
        assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        return handler.awaitOpen();
    }

    @Test
    void interceptorsSeeTheCredentials() throws Exception {
        int port = start(TestServers.local().hideQueryParameters("ticket").hideSubprotocolAfter("wsengine.bearer"));

        open(port, "/ws?ticket=" + TICKET, "Authorization: Bearer " + TOKEN + "\r\n"
                + "Sec-WebSocket-Protocol: chat, wsengine.bearer, " + TOKEN + "\r\n");

        assertThat(seenByInterceptor).containsEntry("authorization", "Bearer " + TOKEN)
                .containsEntry("ticket", TICKET)
                .containsEntry("subprotocols", List.of("chat", "wsengine.bearer", TOKEN));
    }

    @Test
    void anInterceptorsViewOfTheRequestPrintsNoQuery() throws Exception {
        int port = start(TestServers.local().hideQueryParameters("ticket"));

        open(port, "/ws?ticket=" + TICKET, "");

        assertThat((String) seenByInterceptor.get("toString")).contains("/ws").doesNotContain(TICKET);
    }

    @Test
    void theOpenSessionShowsNoAuthorizationHeaderByDefault() throws Exception {
        int port = start(TestServers.local());

        WsSession session = open(port, "/ws", "Authorization: Bearer " + TOKEN + "\r\n"
                + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\nX-Kept: yes\r\n");

        HandshakeRequest handshake = session.handshake();
        assertThat(handshake.headers()).doesNotContainKeys("Authorization", "Proxy-Authorization")
                .containsEntry("X-Kept", List.of("yes"));
        assertThat(handshake.toString() + session).doesNotContain(TOKEN);
    }

    @Test
    void theOpenSessionShowsNoHiddenQueryParameter() throws Exception {
        int port = start(TestServers.local().hideQueryParameters("ticket"));

        WsSession session = open(port, "/ws?room=a&ticket=" + TICKET, "");

        HandshakeRequest handshake = session.handshake();
        assertThat(handshake.uri()).isEqualTo("/ws?room=a");
        assertThat(handshake.query()).isEqualTo("room=a");
        assertThat(handshake.queryParams()).containsOnlyKeys("room");
    }

    @Test
    void theOpenSessionShowsTheMarkerButNotTheTokenAfterIt() throws Exception {
        int port = start(TestServers.local().hideSubprotocolAfter("wsengine.bearer"));

        WsSession session = open(port, "/ws", "Sec-WebSocket-Protocol: chat, wsengine.bearer, " + TOKEN + "\r\n");

        assertThat(session.subprotocol()).isEqualTo("chat");
        assertThat(session.handshake().subprotocols()).containsExactly("chat", "wsengine.bearer");
        assertThat(session.handshake().headers().toString()).doesNotContain(TOKEN);
    }

    @Test
    void aRequestWithoutCredentialsKeepsEverything() throws Exception {
        int port = start(TestServers.local().hideQueryParameters("ticket").hideSubprotocolAfter("wsengine.bearer"));

        WsSession session = open(port, "/ws?room=a", "Cookie: s=1\r\nSec-WebSocket-Protocol: chat, wsengine.bearer\r\n");

        assertThat(session.handshake().uri()).isEqualTo("/ws?room=a");
        assertThat(session.handshake().header("Cookie")).isEqualTo("s=1");
        assertThat(session.handshake().subprotocols()).containsExactly("chat", "wsengine.bearer");
    }
}
