package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.internal.http.HttpRequestParser;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the opening handshake gives the application: subprotocol, path and query parameters,
 * headers, interceptor attributes (RFC 6455 section 4.2), seen through the JDK's client.
 */
class HandshakeIntegrationTest {
    private final TestServers servers = new TestServers();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        servers.close();
    }

    private int start(WsServerConfig.Builder config) {
        return servers.start(config).port();
    }

    private JdkWsClient track(JdkWsClient client) {
        clients.add(client);
        return client;
    }

    // ---- subprotocols (section 4.2.2, /subprotocol/)

    @Test
    void serverPreferenceOrderWinsAmongOfferedSubprotocols() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .subprotocols("v3.chat", "v2.chat", "v1.chat").build()));

        JdkWsClient client = track(JdkWsClient.connectOffering(port, "/ws", "v1.chat", "v2.chat"));

        assertThat(client.webSocket().getSubprotocol()).isEqualTo("v2.chat");
        assertThat(handler.awaitOpen().subprotocol()).isEqualTo("v2.chat");
    }

    @Test
    void offeredSubprotocolsAreVisibleInTheClientsOrder() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler).subprotocols("b").build()));

        track(JdkWsClient.connectOffering(port, "/ws", "c", "b", "a"));

        assertThat(handler.awaitOpen().handshake().subprotocols()).containsExactly("c", "b", "a");
    }

    @Test
    void noSubprotocolIsChosenWhenNoneIsShared() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler).subprotocols("mqtt").build()));

        JdkWsClient client = track(JdkWsClient.connectOffering(port, "/ws", "stomp", "wamp"));

        assertThat(client.webSocket().getSubprotocol()).isEmpty(); // the JDK's way of saying none
        assertThat(handler.awaitOpen().subprotocol()).isNull();
    }

    @Test
    void noSubprotocolIsChosenWhenTheRouteSpeaksNone() {
        int port = start(TestServers.local().route("/ws", handler));

        JdkWsClient client = track(JdkWsClient.connectOffering(port, "/ws", "stomp"));

        assertThat(client.webSocket().getSubprotocol()).isEmpty();
        assertThat(handler.awaitOpen().subprotocol()).isNull();
    }

    // Section 4.2.2: without a shared subprotocol the response carries no Sec-WebSocket-Protocol.
    @Test
    void responseHasNoSubprotocolHeaderWhenNoneIsShared() throws Exception {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler).subprotocols("mqtt").build()));

        try (RawWsClient raw = RawWsClient.connect(port)) {
            raw.sendRaw(RawWsClient.upgradeRequest("/ws", port, "Sec-WebSocket-Protocol: stomp, wamp\r\n"));
            String head = raw.readResponseHead();

            assertThat(head).startsWith("HTTP/1.1 101 ");
            assertThat(head.toLowerCase()).doesNotContain("sec-websocket-protocol");
        }
    }

    @Test
    void responseNamesTheChosenSubprotocolOnce() throws Exception {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler).subprotocols("mqtt").build()));

        try (RawWsClient raw = RawWsClient.connect(port)) {
            raw.sendRaw(RawWsClient.upgradeRequest("/ws", port,
                    "Sec-WebSocket-Protocol: stomp\r\nSec-WebSocket-Protocol: mqtt, wamp\r\n"));
            String head = raw.readResponseHead();

            assertThat(head).startsWith("HTTP/1.1 101 ");
            assertThat(head.toLowerCase().split("sec-websocket-protocol", -1)).hasSize(2);
            assertThat(head).containsPattern("(?i)sec-websocket-protocol: *mqtt\r\n");
        }
    }

    @Test
    void interceptorChoiceOfSubprotocolOverridesTheRoutes() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .subprotocols("v2", "v1")
                .interceptor((request, attributes) -> HandshakeResult.acceptWithSubprotocol("v1"))
                .build()));

        JdkWsClient client = track(JdkWsClient.connectOffering(port, "/ws", "v1", "v2"));

        assertThat(client.webSocket().getSubprotocol()).isEqualTo("v1");
        assertThat(handler.awaitOpen().subprotocol()).isEqualTo("v1");
    }

    @Test
    void interceptorCanChooseASubprotocolTheRouteDoesNotList() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) -> HandshakeResult.acceptWithSubprotocol("legacy"))
                .build()));

        JdkWsClient client = track(JdkWsClient.connectOffering(port, "/ws", "modern", "legacy"));

        assertThat(client.webSocket().getSubprotocol()).isEqualTo("legacy");
    }

    // ---- path and query

    @Test
    void pathVariableIsPercentDecodedAsUtf8() {
        int port = start(TestServers.local().route("/chat/{room}", handler));

        // "café 😀/x": é and the emoji as UTF-8, a space and a slash encoded
        track(JdkWsClient.connect(port, "/chat/caf%C3%A9%20%F0%9F%98%80%2Fx"));

        WsSession session = handler.awaitOpen();
        assertThat(session.pathParams()).containsExactly(Map.entry("room", "café 😀/x"));
        assertThat(session.handshake().pathParams()).isEqualTo(session.pathParams());
    }

    @Test
    void severalPathVariablesAreEachDecoded() {
        int port = start(TestServers.local().route("/org/{org}/chat/{room}", handler));

        track(JdkWsClient.connect(port, "/org/acme%2Bco/chat/%E4%B8%AD%E6%96%87"));

        assertThat(handler.awaitOpen().pathParams())
                .containsEntry("org", "acme+co")
                .containsEntry("room", "中文")
                .hasSize(2);
    }

    @Test
    void queryParametersAreDecodedWithEveryValueInOrder() {
        int port = start(TestServers.local().route("/chat/{room}", handler));

        track(JdkWsClient.connect(port, "/chat/lobby?name=J%C3%BCrgen&tag=a&tag=b+c&tag=%F0%9F%98%80&flag"));

        HandshakeRequest request = handler.awaitOpen().handshake();
        assertThat(request.queryParams())
                .containsEntry("name", List.of("Jürgen"))
                .containsEntry("tag", List.of("a", "b c", "😀"))
                .containsEntry("flag", List.of(""))
                .hasSize(3);
        assertThat(request.queryParam("name")).isEqualTo("Jürgen");
        assertThat(request.queryParam("missing")).isNull();
    }

    @Test
    void handshakeKeepsTheRawTargetPathAndQuery() {
        int port = start(TestServers.local().route("/chat/{room}", handler));

        track(JdkWsClient.connect(port, "/chat/caf%C3%A9?q=a%20b"));

        HandshakeRequest request = handler.awaitOpen().handshake();
        assertThat(request.uri()).isEqualTo("/chat/caf%C3%A9?q=a%20b");
        assertThat(request.path()).isEqualTo("/chat/caf%C3%A9");
        assertThat(request.query()).isEqualTo("q=a%20b");
    }

    @Test
    void queryIsEmptyWithoutOne() {
        int port = start(TestServers.local().route("/ws", handler));

        track(JdkWsClient.connect(port, "/ws"));

        HandshakeRequest request = handler.awaitOpen().handshake();
        assertThat(request.query()).isEmpty();
        assertThat(request.queryParams()).isEmpty();
    }

    // ---- headers, attributes, interceptors

    @Test
    void requestHeadersAreVisibleIgnoringCase() {
        int port = start(TestServers.local().route("/ws", handler));

        track(JdkWsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of("X-Token", "s3cret")));

        HandshakeRequest request = handler.awaitOpen().handshake();
        assertThat(request.header("x-token")).isEqualTo("s3cret");
        assertThat(request.header("X-TOKEN")).isEqualTo("s3cret");
        assertThat(request.header("host")).isEqualTo("127.0.0.1:" + port);
        assertThat(request.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    // An open session keeps its request head compacted (CompactHead); it must give back what was sent.
    @Test
    void aBrowsersHeadersAreAllThereAfterOpen() throws Exception {
        int port = start(TestServers.local().route("/ws", handler));
        String head = "GET /ws?x=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Connection: Upgrade\r\n"
                + "Pragma: no-cache\r\n"
                + "Cache-Control: no-cache\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0\r\n"
                + "Upgrade: websocket\r\n"
                + "Origin: http://127.0.0.1:" + port + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                + "Accept-Language: en-US,en;q=0.9\r\n"
                + "Cookie: a=1; b=2\r\n"
                + "Sec-WebSocket-Key: " + RawWsClient.randomKey() + "\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                + "\r\n";
        RawWsClient client = RawWsClient.connect(port);
        clients.add(client);

        client.sendRaw(head);

        assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        HandshakeRequest request = handler.awaitOpen().handshake();
        assertThat(request.uri()).isEqualTo("/ws?x=1");
        assertThat(request.headers())
                .isEqualTo(HttpRequestParser.parse(head.getBytes(StandardCharsets.ISO_8859_1)).headers())
                .hasSize(13);
    }

    @Test
    void interceptorAttributeIsInTheSessionsAttributes() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) -> {
                    attributes.put("user", "user-of-" + request.header("X-Token"));
                    return HandshakeResult.accept();
                })
                .build()));

        track(JdkWsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of("X-Token", "t1")));

        WsSession session = handler.awaitOpen();
        assertThat(session.attributes()).containsEntry("user", "user-of-t1");
        session.attributes().put("later", 42); // the application may add its own
        assertThat(session.attributes()).containsEntry("later", 42);
    }

    @Test
    void interceptorSeesPathParamsAndQuery() {
        List<String> seen = new CopyOnWriteArrayList<>();
        int port = start(TestServers.local().route(WsRoute.builder("/chat/{room}", handler)
                .interceptor((request, attributes) -> {
                    seen.add(request.pathParams().get("room") + "|" + request.queryParam("token"));
                    return HandshakeResult.accept();
                })
                .build()));

        track(JdkWsClient.connect(port, "/chat/r%C3%B6%C3%B6m?token=a%2Bb"));

        handler.awaitOpen();
        assertThat(seen).containsExactly("rööm|a+b");
    }

    @Test
    void serverWideInterceptorsRunBeforeRouteInterceptorsInOrder() {
        int port = start(TestServers.local()
                .interceptor(appending("server-1"))
                .interceptor(appending("server-2"))
                .route(WsRoute.builder("/ws", handler).interceptor(appending("route-1")).build()));

        track(JdkWsClient.connect(port, "/ws"));

        assertThat(handler.awaitOpen().attributes().get("chain")).isEqualTo("server-1,server-2,route-1");
    }

    private static HandshakeInterceptor appending(String name) {
        return (request, attributes) -> {
            attributes.merge("chain", name, (old, added) -> old + "," + added);
            return HandshakeResult.accept();
        };
    }

    @Test
    void interceptorRefusalReachesTheClientWithItsStatus() {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) -> request.header("Authorization") == null
                        ? HandshakeResult.reject(401, "log in first", Map.of("WWW-Authenticate", "Bearer"))
                        : HandshakeResult.accept())
                .build()));

        var attempt = JdkWsClient.attempt(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of());

        assertThatThrownBy(() -> attempt.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void interceptorRefusalSendsItsHeadersAndMessage() throws Exception {
        int port = start(TestServers.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) ->
                        HandshakeResult.reject(401, "log in first", Map.of("WWW-Authenticate", "Bearer")))
                .build()));

        try (RawWsClient raw = RawWsClient.connect(port)) {
            String response = raw.sendRaw(RawWsClient.upgradeRequest("/ws", port)).readResponse();

            assertThat(response).startsWith("HTTP/1.1 401 ");
            assertThat(response).containsPattern("(?i)www-authenticate: *Bearer\r\n");
            assertThat(response).contains("\r\n\r\nlog in first"); // the body
        }
    }

    @Test
    void sessionKnowsTheClientsLoopbackAddress() {
        int port = start(TestServers.local().route("/ws", handler));

        track(JdkWsClient.connect(port, "/ws"));

        WsSession session = handler.awaitOpen();
        assertThat(session.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(session.remoteAddress().getPort()).isPositive().isNotEqualTo(port);
        assertThat(session.handshake().remoteAddress()).isEqualTo(session.remoteAddress());
    }

    @Test
    void sessionKnowsTheAddressAndPortTheClientConnectedTo() {
        int port = start(TestServers.local().route("/ws", handler));

        track(JdkWsClient.connect(port, "/ws"));

        WsSession session = handler.awaitOpen();
        assertThat(session.localAddress().getPort()).isEqualTo(port);
        assertThat(session.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void sessionIdsAreUnique() {
        int port = start(TestServers.local().route("/ws", handler));

        for (int i = 0; i < 5; i++) {
            track(JdkWsClient.connect(port, "/ws"));
        }

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(handler.awaitOpen().id());
        }
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
    }
}
