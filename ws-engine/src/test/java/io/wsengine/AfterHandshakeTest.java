package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HandshakeInterceptor#afterHandshake}: every interceptor that ran hears how the request
 * ended, in order, with 101 or the refusal's status, and may remove what it put in the attributes.
 */
class AfterHandshakeTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.close();
    }

    /** Accepts (or refuses with {@code refuseWith}), keeping a note in the attributes that it removes after. */
    private HandshakeInterceptor named(String name, int refuseWith) {
        return new HandshakeInterceptor() {
            @Override
            public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
                attributes.put(name + ".started", request.routePath());
                attributes.put(name + ".kept", "yes");
                return refuseWith == 0 ? HandshakeResult.accept() : HandshakeResult.reject(refuseWith);
            }

            @Override
            public void afterHandshake(HandshakeRequest request, Map<String, Object> attributes, int status) {
                heard.add(name + " " + status + " " + attributes.remove(name + ".started"));
            }
        };
    }

    @Test
    void everyInterceptorHearsTheAcceptanceAndWhatItRemovesTheSessionNeverHas() throws IOException {
        int port = servers.start(TestServers.local().interceptor(named("global", 0))
                .route(WsRoute.builder("/rooms/{room}", handler).interceptor(named("route", 0)).build())).port();

        try (RawWsClient client = RawWsClient.open(port, "/rooms/blue")) {
            assertThat(heard).containsExactly("global 101 /rooms/{room}", "route 101 /rooms/{room}");
            assertThat(handler.awaitOpen().attributes()).containsOnlyKeys("global.kept", "route.kept");
        }
    }

    @Test
    void aRefusalIsHeardByTheInterceptorsThatRanNotByThoseAfter() throws IOException {
        int port = servers.start(TestServers.local().interceptor(named("first", 0)).interceptor(named("refuser", 403))
                .interceptor(named("never", 0)).route("/ws", handler)).port();

        try (RawWsClient client = RawWsClient.connect(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 403");
        }
        assertThat(heard).containsExactly("first 403 /ws", "refuser 403 /ws");
    }

    @Test
    void aDeferredDecisionIsHeardWhenItComes() throws IOException {
        CompletableFuture<HandshakeResult> decision = new CompletableFuture<>();
        int port = servers.start(TestServers.local().interceptor(named("first", 0))
                .interceptor((request, attributes) -> HandshakeResult.deferred(decision)).route("/ws", handler)).port();

        try (RawWsClient client = RawWsClient.connect(port)) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            await().atMost(BOUND).until(() -> decision.getNumberOfDependents() > 0);
            assertThat(heard).isEmpty();

            decision.complete(HandshakeResult.reject(401));

            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 401");
        }
        assertThat(heard).containsExactly("first 401 /ws");
    }

    @Test
    void whatAnAfterHookThrowsChangesNothing() throws IOException {
        int port = servers.start(TestServers.local().interceptor(new HandshakeInterceptor() {
            @Override
            public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
                return HandshakeResult.accept();
            }

            @Override
            public void afterHandshake(HandshakeRequest request, Map<String, Object> attributes, int status) {
                throw new IllegalStateException("a broken observer");
            }
        }).interceptor(named("next", 0)).route("/ws", handler)).port();

        try (RawWsClient client = RawWsClient.open(port, "/ws")) {
            client.sendText("still works");
            assertThat(client.readFrame().text()).isEqualTo("still works");
        }
        assertThat(heard).containsExactly("next 101 /ws");
    }
}
