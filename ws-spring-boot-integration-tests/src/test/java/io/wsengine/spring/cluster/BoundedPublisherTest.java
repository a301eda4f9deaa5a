package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The publisher's bound, its order and its retries, against a sink the test controls. */
class BoundedPublisherTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static byte[] bytes(int value) {
        return new byte[] {(byte) value};
    }

    private static List<Integer> values(List<byte[]> published) {
        return published.stream().map(b -> (int) b[0]).toList();
    }

    @Test
    void publishesInOrder() {
        List<byte[]> published = new CopyOnWriteArrayList<>();
        WsClusterCounters counters = new WsClusterCounters();
        try (BoundedPublisher<byte[]> publisher = new BoundedPublisher<byte[]>("test-publish", published::add, 100, counters)) {
            for (int i = 0; i < 50; i++) {
                publisher.offer(bytes(i));
            }
            await().atMost(BOUND).until(() -> published.size() == 50);
        }
        assertThat(values(published)).isEqualTo(java.util.stream.IntStream.range(0, 50).boxed().toList());
        assertThat(counters.published()).isEqualTo(50);
        assertThat(counters.dropped()).isZero();
    }

    @Test
    void pastTheBoundTheOldestAreDroppedAndCounted() throws Exception {
        List<byte[]> published = new CopyOnWriteArrayList<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WsClusterCounters counters = new WsClusterCounters();
        BoundedPublisher.Sink<byte[]> slow = envelope -> {
            if (envelope[0] == 0) {
                blocked.countDown();
                release.await(10, TimeUnit.SECONDS); // the broker hangs on the first
            }
            published.add(envelope);
        };
        try (BoundedPublisher<byte[]> publisher = new BoundedPublisher<byte[]>("test-publish", slow, 3, counters)) {
            publisher.offer(bytes(0));
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 6; i++) {
                publisher.offer(bytes(i)); // 0 is being published, outside the bound
            }
            assertThat(publisher.pending()).as("three waiting, one being published").isEqualTo(4);
            assertThat(counters.dropped()).isEqualTo(3);
            release.countDown();
            await().atMost(BOUND).until(() -> publisher.pending() == 0);
        }
        assertThat(values(published)).as("the one under way, then the newest three").containsExactly(0, 4, 5, 6);
    }

    @Test
    void aRefusedEnvelopeIsTriedAgainAndKeepsItsPlace() {
        List<byte[]> published = new CopyOnWriteArrayList<>();
        AtomicBoolean brokerUp = new AtomicBoolean(false);
        WsClusterCounters counters = new WsClusterCounters();
        BoundedPublisher.Sink<byte[]> flaky = envelope -> {
            if (!brokerUp.get()) {
                throw new IllegalStateException("the broker is down");
            }
            published.add(envelope);
        };
        try (BoundedPublisher<byte[]> publisher = new BoundedPublisher<byte[]>("test-publish", flaky, 10, counters)) {
            publisher.offer(bytes(1));
            publisher.offer(bytes(2));
            await().atMost(BOUND).until(() -> counters.publishFailures() >= 2);
            assertThat(published).isEmpty();
            brokerUp.set(true);
            await().atMost(BOUND).until(() -> published.size() == 2);
        }
        assertThat(values(published)).containsExactly(1, 2);
        assertThat(counters.dropped()).isZero();
    }

    @Test
    void closingDropsWhatWaitsAndCountsIt() {
        WsClusterCounters counters = new WsClusterCounters();
        BoundedPublisher<byte[]> publisher = new BoundedPublisher<byte[]>("test-publish", envelope -> {
            throw new IllegalStateException("down");
        }, 10, counters);
        publisher.offer(bytes(1));
        publisher.offer(bytes(2));
        publisher.close(Duration.ofSeconds(5));
        assertThat(counters.dropped()).isEqualTo(2);
        publisher.offer(bytes(3));
        assertThat(counters.dropped()).as("after close, an offer is dropped at once").isEqualTo(3);
    }
}
