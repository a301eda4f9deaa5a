package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.cluster.redis.RedisWsPresence;
import io.wsengine.spring.testing.RedisServer;
import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application nodes in one JVM, each its own context and WebSocket server, sharing a real Redis:
 * either node's {@link WsPresence} shows the sessions of both; a session that leaves or closes drops out
 * everywhere; a node that stops takes its entries with it; Redis going away fails reads clearly and
 * costs nothing once it is back.
 */
class PresenceAcrossNodesTest {
    /** Short, so that the tests run in seconds; a refresh a few times per TTL, as in production. */
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration REFRESH = Duration.ofMillis(300);
    static final Duration BOUND = Duration.ofSeconds(20);
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();
    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;

    @BeforeEach
    void startNodes() {
        redis.start(); // a test may have stopped it
        nodeA = start();
        nodeB = start();
    }

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext node = PresenceApp.start(PresenceApp.properties(redis, true,
                "ws.cluster.presence.ttl=" + TTL.toMillis() + "ms",
                "ws.cluster.presence.refresh-interval=" + REFRESH.toMillis() + "ms"));
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stopNodes() {
        clients.forEach(TestClient::close);
        nodes.forEach(ConfigurableApplicationContext::close);
        redis.command("FLUSHALL");
    }

    private TestClient enter(ConfigurableApplicationContext node, String group, String name) {
        TestClient client = TestClient.connect(PresenceApp.port(node), "/presence/" + group + "/" + name);
        clients.add(client);
        assertThat(client.nextText()).isEqualTo("entered");
        return client;
    }

    private static WsPresence presence(ConfigurableApplicationContext node) {
        return node.getBean(WsPresence.class);
    }

    @Test
    void eitherNodeShowsTheDistinctMembersOfBoth() throws Exception {
        assertThat(presence(nodeA)).isInstanceOf(RedisWsPresence.class);
        enter(nodeA, "lobby", "ada");
        enter(nodeB, "lobby", "grace");
        enter(nodeB, "lobby", "ada"); // a second tab of ada's, on the other node: one name
        enter(nodeB, "elsewhere", "linus");

        for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(presence(node).members("lobby")).containsExactlyInAnyOrder("ada", "grace"));
            assertThat(presence(node).membersAsync("elsewhere").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .containsExactly("linus");
        }
        assertThat(presence(nodeA).members("nobody's")).isEmpty();
        // The group's key expires by itself if every node abandons it.
        assertThat(Long.parseLong(redis.command("PTTL wsengine:presence:lobby").substring(1)))
                .isPositive().isLessThanOrEqualTo(TTL.toMillis());
    }

    @Test
    void aSessionThatClosesLeavesOnEveryNode() {
        enter(nodeA, "lobby", "ada");
        TestClient grace = enter(nodeB, "lobby", "grace");
        await().atMost(BOUND).until(() -> presence(nodeA).members("lobby").size() == 2);

        grace.closeNormally();

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(presence(nodeA).members("lobby")).containsExactly("ada");
            assertThat(presence(nodeB).members("lobby")).containsExactly("ada");
        });
    }

    @Test
    void leaveTakesTheSessionOutOnEveryNodeWhileItStaysOpen() {
        enter(nodeA, "lobby", "ada");
        TestClient grace = enter(nodeB, "lobby", "grace");
        await().atMost(BOUND).until(() -> presence(nodeA).members("lobby").size() == 2);

        grace.send("leave");
        assertThat(grace.nextText()).isEqualTo("left");

        assertThat(presence(nodeB).members("lobby")).containsExactly("ada"); // its own node: at once
        await().atMost(BOUND).untilAsserted(() -> assertThat(presence(nodeA).members("lobby")).containsExactly("ada"));
    }

    @Test
    void aNodeThatStopsRemovesItsEntriesWithoutWaitingForTheTtl() {
        enter(nodeA, "lobby", "ada");
        enter(nodeB, "lobby", "grace");
        await().atMost(BOUND).until(() -> presence(nodeA).members("lobby").size() == 2);

        nodeB.close();

        // Read from Redis directly, at once: nothing of B's is left to lapse.
        assertThat(redis.command("ZCARD wsengine:presence:lobby")).isEqualTo(":1");
        assertThat(presence(nodeA).members("lobby")).containsExactly("ada");
    }

    @Test
    void whileRedisIsDownMembersFailsClearlyAndEntriesComeBackAfter() {
        enter(nodeA, "lobby", "ada");
        await().atMost(BOUND).until(() -> presence(nodeB).members("lobby").contains("ada"));

        redis.stop();
        await().atMost(BOUND).untilAsserted(() -> assertThatThrownBy(() -> presence(nodeB).members("lobby"))
                .isInstanceOf(WsPresenceUnavailableException.class).hasMessageContaining("lobby"));
        enter(nodeA, "lobby", "grace"); // sessions are not bothered: the write fails on the presence's thread
        await().atMost(BOUND).until(() -> ((RedisWsPresence) presence(nodeA)).failures() > 0);

        redis.start(); // empty: nothing was saved
        await().atMost(BOUND).untilAsserted(() ->
                assertThat(presence(nodeB).members("lobby")).containsExactlyInAnyOrder("ada", "grace"));
    }
}
