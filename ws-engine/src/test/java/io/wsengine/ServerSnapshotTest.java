package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operators' snapshot: counts per route, and one route's sessions as their loops describe them. */
class ServerSnapshotTest {
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void countsEveryRouteAndDescribesTheSessionsOfOne() throws Exception {
        RecordingHandler chat = RecordingHandler.echoing();
        RecordingHandler feed = RecordingHandler.echoing();
        WsServer server = servers.start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).eventLoops(2)
                .route(WsRoute.builder("/chat/{room}", chat).subprotocols("chat.v1").build()).route("/feed", feed));
        Instant before = Instant.now().minusSeconds(1);
        try (JdkWsClient first = JdkWsClient.connectOffering(server.port(), "/chat/a", "chat.v1");
             JdkWsClient second = JdkWsClient.connect(server.port(), "/chat/b");
             JdkWsClient third = JdkWsClient.connect(server.port(), "/feed")) {
            WsSession firstSession = chat.awaitOpen();
            chat.awaitOpen();
            feed.awaitOpen();
            firstSession.join("lobby");
            first.sendText("hello");
            assertThat(first.awaitText()).isEqualTo("hello");

            ServerSnapshot counts = server.snapshot(null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(counts.sessionsPerRoute()).containsExactly(
                    java.util.Map.entry("/chat/{room}", 2), java.util.Map.entry("/feed", 1));
            assertThat(counts.sessions()).isEmpty();

            ServerSnapshot chats = server.snapshot("/chat/{room}").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(chats.sessions()).hasSize(2).allSatisfy(session -> {
                assertThat(session.routePath()).isEqualTo("/chat/{room}");
                assertThat(session.openedAt()).isAfter(before);
                assertThat(session.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
                assertThat(session.bytesIn()).as("the upgrade request at least").isPositive();
            });
            SessionSnapshot described = chats.sessions().stream()
                    .filter(s -> s.id().equals(firstSession.id())).findFirst().orElseThrow();
            assertThat(described.subprotocol()).isEqualTo("chat.v1");
            assertThat(described.groups()).containsExactly("lobby");
            assertThat(described.bytesOut()).as("the 101 and the echo").isGreaterThan(5);
            assertThat(described.bufferedBytes()).isZero();
        }
    }

    @Test
    void beforeStartTheSnapshotIsEmpty() throws Exception {
        WsServer server = new WsServer(WsServerConfig.builder().port(0).route("/x", new RecordingHandler()).build());
        assertThat(server.snapshot("/x").toCompletableFuture().get(1, TimeUnit.SECONDS).sessionsPerRoute()).isEmpty();
    }
}
