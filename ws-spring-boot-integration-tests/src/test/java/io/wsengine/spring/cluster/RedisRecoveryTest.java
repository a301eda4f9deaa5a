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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Connection-state recovery on a real Redis, two nodes: a client that reconnects to the other node
 * with the last id it saw gets what it missed, in order, before new messages; one that missed more
 * than the group keeps is told of the gap; the boundary between replay and live delivery loses and
 * repeats nothing; and a node whose subscription was cut reads what went by from the stream.
 */
class RedisRecoveryTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Pattern MESSAGE = Pattern.compile("\\{\"id\":\"([0-9]+-[0-9]+)\",\"data\":\"(.*)\"\\}");
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    private final ClusterNodes nodes = new ClusterNodes();
    private final List<TestClient> clients = new ArrayList<>();
    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;

    /** A group message as the client saw it. */
    record Seen(String id, String data) {
        static Seen of(String text) {
            Matcher matcher = MESSAGE.matcher(text);
            assertThat(matcher.matches()).as("a recovery message with its id: " + text).isTrue();
            return new Seen(matcher.group(1), matcher.group(2));
        }
    }

    private void startNodes(int maxLength) {
        String[] properties = {"ws.cluster.recovery.groups=live:*", "ws.cluster.recovery.max-length=" + maxLength};
        nodeA = nodes.start(redis, properties);
        nodeB = nodes.start(redis, properties);
        await().atMost(BOUND).until(() -> bus(nodeA).isListening() && bus(nodeB).isListening());
    }

    @AfterEach
    void stopNodes() {
        clients.forEach(TestClient::close);
        nodes.close();
        redis.command("FLUSHALL");
    }

    private TestClient connect(ConfigurableApplicationContext node, String pathAndQuery, String resumed) {
        TestClient client = TestClient.connect(port(node), pathAndQuery);
        clients.add(client);
        if (resumed != null) {
            assertThat(client.nextText()).isEqualTo(resumed);
        }
        return client;
    }

    @Test
    void aClientThatReconnectsToTheOtherNodeGetsWhatItMissedInOrderThenNewMessages() {
        startNodes(100);
        TestClient first = connect(nodeA, "/live/r", "resumed 0 false");
        broadcaster(nodeA).publish("live:r", "a1");
        broadcaster(nodeA).publish("live:r", "a2");
        Seen a1 = Seen.of(first.nextText());
        Seen a2 = Seen.of(first.nextText());
        assertThat(List.of(a1.data(), a2.data())).containsExactly("a1", "a2");
        assertThat(StreamIds.compare(a1.id(), a2.id())).isNegative();
        first.closeNormally();

        broadcaster(nodeB).publish("live:r", "b3");
        // the group's order is the stream's: publishes from two nodes are ordered by when Redis got them
        await().atMost(BOUND).until(() -> redis.command("XLEN wsengine:stream:live:r").equals(":3"));
        broadcaster(nodeA).publish("live:r", "a4");
        await().atMost(BOUND).until(() -> redis.command("XLEN wsengine:stream:live:r").equals(":4"));

        TestClient again = connect(nodeB, "/live/r?lastId=" + a2.id(), null);
        assertThat(Seen.of(again.nextText()).data()).isEqualTo("b3");
        assertThat(Seen.of(again.nextText()).data()).isEqualTo("a4");
        assertThat(again.nextText()).isEqualTo("resumed 2 false");
        broadcaster(nodeA).publish("live:r", "a5");
        assertThat(Seen.of(again.nextText()).data()).isEqualTo("a5");
    }

    @Test
    void aClientThatMissedMoreThanTheGroupKeepsIsToldOfTheGap() {
        startNodes(5);
        TestClient first = connect(nodeA, "/live/g", "resumed 0 false");
        broadcaster(nodeA).publish("live:g", "old");
        Seen old = Seen.of(first.nextText());
        for (int i = 0; i < 10; i++) {
            broadcaster(nodeB).publish("live:g", "m" + i);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(Seen.of(first.nextText()).data()).isEqualTo("m" + i);
        }
        TestClient again = connect(nodeB, "/live/g?lastId=" + old.id(), null);
        assertThat(again.nextText()).isEqualTo("{\"gap\":true,\"after\":\"" + old.id() + "\"}");
        assertThat(again.nextText()).isEqualTo("resumed 0 true");
        assertThat(redis.command("XLEN wsengine:stream:live:g")).isEqualTo(":5");

        TestClient bogus = connect(nodeA, "/live/g?lastId=not-an-id", null);
        assertThat(bogus.nextText()).isEqualTo("{\"gap\":true,\"after\":\"not-an-id\"}");
        assertThat(bogus.nextText()).isEqualTo("resumed 0 true");
    }

    @Test
    void messagesPublishedWhileAClientResumesReachItOnceEachInOrder() throws Exception {
        startNodes(1000);
        TestClient first = connect(nodeA, "/live/b", "resumed 0 false");
        broadcaster(nodeA).publish("live:b", "start");
        Seen start = Seen.of(first.nextText());
        int count = 300;
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < count; i++) {
                broadcaster(i % 2 == 0 ? nodeA : nodeB).publish("live:b", "n" + i);
            }
        });
        TestClient resuming = connect(nodeB, "/live/b?lastId=" + start.id(), null); // while they are published
        publishing.get();

        List<String> received = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (received.size() < count) {
            String text = resuming.nextText();
            if (text.startsWith("resumed ")) {
                assertThat(text).endsWith(" false");
                continue;
            }
            Seen seen = Seen.of(text);
            received.add(seen.data());
            ids.add(seen.id());
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add("n" + i);
        }
        // per group one order on every node: the stream's; each node published its own half in order
        assertThat(received).containsExactlyInAnyOrderElementsOf(all);
        assertThat(received.stream().filter(t -> Integer.parseInt(t.substring(1)) % 2 == 0).toList())
                .isEqualTo(all.stream().filter(t -> Integer.parseInt(t.substring(1)) % 2 == 0).toList());
        for (int i = 1; i < ids.size(); i++) {
            assertThat(StreamIds.compare(ids.get(i - 1), ids.get(i))).as("ids grow").isNegative();
        }
        List<String> firstSaw = new ArrayList<>();
        while (firstSaw.size() < count) {
            firstSaw.add(Seen.of(first.nextText()).data());
        }
        assertThat(firstSaw).as("the same order on the other node").isEqualTo(received);
    }

    @Test
    void aNodeWhoseSubscriptionWasCutReadsWhatWentByFromTheStream() {
        startNodes(1000);
        TestClient onA = connect(nodeA, "/live/k", "resumed 0 false");
        broadcaster(nodeB).publish("live:k", "before");
        assertThat(Seen.of(onA.nextText()).data()).isEqualTo("before");

        assertThat(redis.command("CLIENT KILL TYPE pubsub")).startsWith(":"); // both nodes lose their subscription
        for (int i = 0; i < 50; i++) {
            broadcaster(nodeB).publish("live:k", "k" + i);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(Seen.of(onA.nextText()).data()).as("every message once, in order").isEqualTo("k" + i);
        }
        broadcaster(nodeB).publish("live:k", "after");
        assertThat(Seen.of(onA.nextText()).data()).isEqualTo("after");
    }
}
