package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An interceptor that decides later ({@link HandshakeResult#deferred}): the connection waits without
 * a thread and without reading, within the handshake timeout, and the chain goes on with the decision.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class DeferredHandshakeTest {
    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final ExecutorService decider = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        servers.close();
        decider.shutdownNow();
    }

    private int start(WsServerConfig.Builder config) {
        return servers.start(config).port();
    }

    private static HandshakeInterceptor deferringTo(CompletableFuture<HandshakeResult> decision) {
        return (request, attributes) -> HandshakeResult.deferred(decision);
    }

    @Test
    void sessionOpensWhenTheDecisionAcceptsFromAnotherThread() throws IOException {
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) -> HandshakeResult.deferred(CompletableFuture.supplyAsync(() -> {
                    attributes.put("user", request.header("X-User"));
                    return HandshakeResult.accept();
                }, decider)))
                .build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port, "X-User: ada\r\n"));

            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
            client.sendText("hello");
            assertThat(client.readFrame().text()).isEqualTo("hello");
        }
        assertThat(handler.awaitOpen().attributes()).containsEntry("user", "ada");
    }

    @Test
    void noResponseIsWrittenBeforeTheDecision() throws IOException {
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(decision)).build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            client.setReadTimeout(300);
            assertThatThrownBy(client::readResponseHead).isInstanceOf(java.net.SocketTimeoutException.class);

            decision.complete(HandshakeResult.accept());

            client.setReadTimeout(20_000);
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        }
    }

    @Test
    void refusalDecidedLaterReachesTheClientWithItsStatusAndHeaders() throws IOException {
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor((request, attributes) -> HandshakeResult.deferred(CompletableFuture.supplyAsync(
                        () -> HandshakeResult.reject(401, "token expired", Map.of("WWW-Authenticate", "Bearer")),
                        decider)))
                .build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            String response = client.readResponse();

            assertThat(response).startsWith("HTTP/1.1 401 ").contains("WWW-Authenticate: Bearer\r\n")
                    .endsWith("token expired\n");
        }
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void interceptorsAfterTheDeferredOneRunOnceItAccepts() throws IOException {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        int port = start(transport.local()
                .interceptor((request, attributes) -> {
                    order.add("first");
                    return HandshakeResult.deferred(decision);
                })
                .route(WsRoute.builder("/ws", handler)
                        .subprotocols("v1")
                        .interceptor((request, attributes) -> {
                            order.add("second");
                            return HandshakeResult.acceptWithSubprotocol("v2");
                        })
                        .build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port, "Sec-WebSocket-Protocol: v1, v2\r\n"));
            awaitCondition(() -> order.contains("first"));
            assertThat(order).containsExactly("first");

            decision.complete(HandshakeResult.acceptWithSubprotocol("v1"));

            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ")
                    .containsPattern("(?i)sec-websocket-protocol: *v2\r\n");
        }
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void decisionsDeferredByTwoInterceptorsAreBothAwaited() throws IOException {
        CompletableFuture<HandshakeResult> first = new CompletableFuture<>();
        CompletableFuture<HandshakeResult> second = new CompletableFuture<>();
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(first)).interceptor(deferringTo(second)).build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            first.complete(HandshakeResult.accept());
            client.setReadTimeout(300);
            assertThatThrownBy(client::readResponseHead).isInstanceOf(java.net.SocketTimeoutException.class);

            second.complete(HandshakeResult.accept());

            client.setReadTimeout(20_000);
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        }
    }

    // Section 4.1: a client waits for the response before it sends frames; one that does not loses nothing.
    @Test
    void framesSentBeforeTheDecisionAreReadOnceTheSessionOpens() throws IOException {
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(decision)).build()));

        try (RawWsClient client = transport.connectRaw(port)) {
            byte[] head = RawWsClient.upgradeRequest("/ws", port).getBytes(StandardCharsets.ISO_8859_1);
            byte[] early = RawWsClient.text("early");
            byte[] together = new byte[head.length + early.length];
            System.arraycopy(head, 0, together, 0, head.length);
            System.arraycopy(early, 0, together, head.length, early.length);
            client.sendRaw(together);
            awaitCondition(() -> decision.getNumberOfDependents() > 0);

            decision.complete(HandshakeResult.accept());

            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
            assertThat(client.readFrame().text()).isEqualTo("early");
        }
    }

    @Test
    void decisionThatFailsRefusesWith500() throws IOException {
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(CompletableFuture.failedFuture(new IllegalStateException("introspection down"))))
                .build()));

        assertThat(responseTo(port)).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void decisionOfNullRefusesWith500() throws IOException {
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(CompletableFuture.completedFuture(null))).build()));

        assertThat(responseTo(port)).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void decisionThatDefersAgainRefusesWith500() throws IOException {
        HandshakeResult again = HandshakeResult.deferred(CompletableFuture.completedFuture(HandshakeResult.accept()));
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(CompletableFuture.completedFuture(again))).build()));

        assertThat(responseTo(port)).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void decisionChoosingASubprotocolNotOfferedRefusesWith500() throws IOException {
        int port = start(transport.local().route(WsRoute.builder("/ws", handler)
                .interceptor(deferringTo(CompletableFuture.completedFuture(HandshakeResult.acceptWithSubprotocol("x"))))
                .build()));

        assertThat(responseTo(port)).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void connectionIsClosedWithoutResponseWhenTheDecisionOutlastsTheHandshakeTimeout() throws IOException {
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        WsServer server = servers.start(transport.local().handshakeTimeout(Duration.ofMillis(300))
                .route(WsRoute.builder("/ws", handler).interceptor(deferringTo(decision)).build()));

        try (RawWsClient client = transport.connectRaw(server.port())) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", server.port()));
            client.setReadTimeout(10_000);
            assertThat(client.readUntilClosed()).as("response to an undecided upgrade").isEmpty();
        }
        awaitCondition(() -> server.connectionCount() == 0);

        decision.complete(HandshakeResult.accept()); // too late: ignored

        assertThat(server.isRunning()).isTrue();
        assertThat(handler.openedIds()).isEmpty();
        assertThat(server.sessions("/ws")).isEmpty();
    }

    @Test
    void stopClosesConnectionsThatAwaitADecision() throws Exception {
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        WsServer server = servers.start(transport.local()
                .route(WsRoute.builder("/ws", handler).interceptor(deferringTo(decision)).build()));

        try (RawWsClient client = transport.connectRaw(server.port())) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", server.port()));
            awaitCondition(() -> decision.getNumberOfDependents() > 0);

            server.stop(Duration.ofSeconds(5));

            client.setReadTimeout(10_000);
            assertThat(client.readUntilClosed()).isEmpty();
        }
        decision.complete(HandshakeResult.accept()); // after the loops have gone: ignored
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void deferredNeedsAStage() {
        transport.assumePlain("no connection");
        assertThatThrownBy(() -> HandshakeResult.deferred(null)).isInstanceOf(NullPointerException.class);
        HandshakeResult deferred = HandshakeResult.deferred(new CompletableFuture<>());
        assertThat(deferred.isDeferred()).isTrue();
        assertThat(deferred.isAccepted()).isFalse();
        assertThat(HandshakeResult.accept().isDeferred()).isFalse();
        assertThat(HandshakeResult.accept().decision()).isNull();
    }

    private String responseTo(int port) throws IOException {
        try (RawWsClient client = transport.connectRaw(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            return client.readResponseHead();
        }
    }

    private static void awaitCondition(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10))
                .until(condition);
    }
}
