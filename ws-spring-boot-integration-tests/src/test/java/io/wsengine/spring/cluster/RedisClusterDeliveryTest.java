package io.wsengine.spring.cluster;

import static io.wsengine.spring.cluster.ClusterNodes.broadcaster;
import static io.wsengine.spring.cluster.ClusterNodes.bus;
import static io.wsengine.spring.cluster.ClusterNodes.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.testing.RedisServer;
import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application nodes in one JVM, each its own context and WebSocket server, sharing a real Redis:
 * what one node broadcasts, publishes or sends to a user reaches the matching sessions of both,
 * exactly once and in order, and cluster delivery comes back by itself after Redis does.
 */
class RedisClusterDeliveryTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    private final ClusterNodes nodes = new ClusterNodes();
    private final List<TestClient> clients = new ArrayList<>();
    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;

    @BeforeEach
    void startNodes() {
        redis.start(); // a test may have stopped it
        nodeA = nodes.start(redis);
        nodeB = nodes.start(redis);
        await().atMost(BOUND).until(() -> bus(nodeA).isListening() && bus(nodeB).isListening());
    }

    @AfterEach
    void stopNodes() {
        clients.forEach(TestClient::close);
        nodes.close();
    }

    private TestClient join(ConfigurableApplicationContext node, String room, String user) {
        TestClient client = TestClient.connect(port(node), "/room/" + room, Map.of("X-User", user));
        clients.add(client);
        assertThat(client.nextText()).isEqualTo("joined");
        return client;
    }

    private static List<String> next(TestClient client, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(client.nextText());
        }
        return texts;
    }

    @Test
    void publishBroadcastAndSendToUserReachEveryNodeOnceInOrder() {
        TestClient adaOnA = join(nodeA, "r1", "ada");
        TestClient adaOnB = join(nodeB, "r1", "ada");
        TestClient bobOnB = join(nodeB, "r1", "bob");
        TestClient carolOnB = join(nodeB, "r2", "carol");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            String text = "m" + i;
            expected.add(text);
            assertThat(broadcaster(nodeA).publish("room:r1", text)).as("this node's sessions").isEqualTo(1);
        }
        assertThat(broadcaster(nodeA).sendToUser("ada", "for ada")).isEqualTo(1);
        List<String> toAda = new ArrayList<>(expected);
        toAda.add("for ada");
        assertThat(next(adaOnA, 101)).isEqualTo(toAda);
        assertThat(next(adaOnB, 101)).isEqualTo(toAda);
        assertThat(next(bobOnB, 100)).isEqualTo(expected);

        // order is per sender: B's broadcast goes after A's messages only once B has delivered them
        assertThat(broadcaster(nodeB).broadcast("/room/{name}", "everyone")).isEqualTo(3);
        for (TestClient client : List.of(adaOnA, adaOnB, bobOnB, carolOnB)) {
            assertThat(client.nextText()).as("bob gets none of ada's messages, carol none of room r1's")
                    .isEqualTo("everyone");
        }

        // nothing twice: each bus received exactly what the other published, and each client nothing more
        await().atMost(BOUND).until(() -> bus(nodeB).counters().received() == 101 && bus(nodeA).counters().received() == 1);
        assertThat(bus(nodeA).counters().published()).isEqualTo(101);
        assertThat(bus(nodeB).counters().published()).isEqualTo(1);
        broadcaster(nodeA).broadcast("/room/{name}", "last");
        for (TestClient client : List.of(adaOnA, adaOnB, bobOnB, carolOnB)) {
            assertThat(client.nextText()).as("the next message after the expected ones").isEqualTo("last");
        }
    }

    @Test
    void withRedisDownLocalDeliveryGoesOnAndClusterDeliveryComesBackByItself() {
        TestClient onA = join(nodeA, "r1", "ada");
        TestClient onB = join(nodeB, "r1", "bob");

        redis.stop();
        assertThat(broadcaster(nodeA).publish("room:r1", "during the outage")).isEqualTo(1);
        assertThat(onA.nextText()).as("local delivery does not wait for Redis").isEqualTo("during the outage");
        await().atMost(BOUND).until(() -> bus(nodeA).counters().publishFailures() > 0);

        redis.start();
        await().atMost(BOUND).until(() -> bus(nodeA).isListening() && bus(nodeB).isListening());
        // what waited during the outage goes out once Redis is back; B hears it if it subscribed again first
        await().atMost(BOUND).until(() -> bus(nodeA).pending() == 0);
        broadcaster(nodeA).publish("room:r1", "after the outage");
        String first = onB.nextText();
        if (first.equals("during the outage")) {
            first = onB.nextText();
        }
        assertThat(first).isEqualTo("after the outage");
        assertThat(onA.nextText()).isEqualTo("after the outage");
    }
}
