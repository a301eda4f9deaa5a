package io.wsengine.spring.cluster.redis.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.cluster.redis.RedisWsTicketStore;
import io.wsengine.spring.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The Redis ticket store against a real redis-server, with two "nodes": two stores, each with its own
 * connection factory, sharing the one Redis.
 */
class RedisWsTicketStoreTest {
    private static final Authentication ADA = UsernamePasswordAuthenticationToken.authenticated("ada", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));
    private static final Duration BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static LettuceConnectionFactory factoryA;
    private static LettuceConnectionFactory factoryB;
    private static RedisWsTicketStore nodeA;
    private static RedisWsTicketStore nodeB;

    @BeforeAll
    static void connect() {
        factoryA = RedisNodes.connect(redis.port(), true);
        factoryB = RedisNodes.connect(redis.port(), false);
        nodeA = RedisNodes.store(factoryA);
        nodeB = RedisNodes.store(factoryB);
    }

    @AfterAll
    static void disconnect() {
        if (factoryA != null) {
            factoryA.destroy();
        }
        if (factoryB != null) {
            factoryB.destroy();
        }
    }

    @BeforeEach
    void emptyRedis() {
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
    }

    private static String newTicket() {
        return UUID.randomUUID() + "-" + UUID.randomUUID(); // the store takes any string
    }

    private static Instant inThirtySeconds() {
        return Instant.now().plusSeconds(30);
    }

    @Test
    void aTicketSavedOnOneNodeIsTakenOnAnotherExactlyOnce() {
        String ticket = newTicket();
        assertThat(nodeA.save(ticket, ADA, inThirtySeconds())).isTrue();

        Optional<Authentication> taken = nodeB.take(ticket, Instant.now());

        assertThat(taken).contains(ADA); // a copy, deserialized: equal, with its name and authorities
        assertThat(taken.get().getName()).isEqualTo("ada");
        assertThat(taken.get().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
        assertThat(nodeB.take(ticket, Instant.now())).isEmpty();
        assertThat(nodeA.take(ticket, Instant.now())).isEmpty();
        assertThat(RedisNodes.keys(factoryA)).isEmpty();
    }

    @Test
    void anUnknownTicketIsEmpty() {
        assertThat(nodeA.take(newTicket(), Instant.now())).isEmpty();
    }

    @Test
    void ofTwoNodesTakingOneTicketAtOnceExactlyOneGetsIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String ticket = newTicket();
                assertThat(nodeA.save(ticket, ADA, inThirtySeconds())).isTrue();
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<Authentication>>> takes = new ArrayList<>();
                for (RedisWsTicketStore node : List.of(nodeA, nodeB)) {
                    takes.add(threads.submit(() -> {
                        ready.countDown();
                        assertThat(go.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                        return node.take(ticket, Instant.now());
                    }));
                }
                assertThat(ready.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                go.countDown();
                int winners = 0;
                for (Future<Optional<Authentication>> take : takes) {
                    winners += take.get(BOUND.toMillis(), TimeUnit.MILLISECONDS).isPresent() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTicketTakenAfterItsExpiryIsRefusedThoughRedisStillHasIt() {
        String ticket = newTicket();
        Instant expiresAt = inThirtySeconds();
        nodeA.save(ticket, ADA, expiresAt);

        // the taking node's clock is past the expiry; Redis' is not (nodes' clocks differ)
        assertThat(nodeB.take(ticket, expiresAt)).isEmpty();
        assertThat(nodeB.take(ticket, expiresAt.minusMillis(1))).as("used up by the refused take").isEmpty();
    }

    @Test
    void aTicketJustBeforeItsExpiryIsAccepted() {
        String ticket = newTicket();
        Instant expiresAt = inThirtySeconds();
        nodeA.save(ticket, ADA, expiresAt);

        assertThat(nodeB.take(ticket, expiresAt.minusNanos(1))).contains(ADA);
    }

    @Test
    void redisForgetsATicketWhenItExpires() {
        String ticket = newTicket();
        String key = RedisNodes.expectedKey(ticket);
        // short, but long enough that the PTTL below comes before the expiry on a loaded machine
        assertThat(nodeA.save(ticket, ADA, Instant.now().plusMillis(1000))).isTrue();

        long pttl = Long.parseLong(redis.command("PTTL " + key).substring(1));
        assertThat(pttl).isPositive().isLessThanOrEqualTo(1000);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> redis.command("EXISTS " + key), ":0"::equals);
        assertThat(nodeB.take(ticket, Instant.now().minusSeconds(60))).isEmpty();
    }

    @Test
    void aTicketAlreadyExpiredIsNotKept() {
        assertThat(nodeA.save(newTicket(), ADA, Instant.now().minusMillis(1))).isFalse();
        assertThat(RedisNodes.keys(factoryA)).isEmpty();
    }

    @Test
    void aTicketIsKeptUnderItsHashNeverUnderItself() {
        String ticket = newTicket();
        nodeA.save(ticket, ADA, inThirtySeconds());

        List<String> keys = RedisNodes.keys(factoryB);

        assertThat(keys).containsExactly(RedisNodes.expectedKey(ticket));
        assertThat(keys.get(0)).matches("test:ticket:[0-9a-f]{64}").doesNotContain(ticket);
        try (RedisConnection connection = factoryB.getConnection()) {
            byte[] value = connection.stringCommands().get(keys.get(0).getBytes(StandardCharsets.UTF_8));
            assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain(ticket);
        }
    }

    @Test
    void aSecondSaveOfTheSameTicketIsNotKept() {
        String ticket = newTicket();
        assertThat(nodeA.save(ticket, ADA, inThirtySeconds())).isTrue();
        Authentication other = UsernamePasswordAuthenticationToken.authenticated("bob", null, List.of());

        assertThat(nodeB.save(ticket, other, inThirtySeconds())).isFalse();
        assertThat(nodeB.take(ticket, Instant.now())).contains(ADA);
    }

    @Test
    void anAuthenticationThatCannotBeSerializedFailsSaveNamingItsClass() {
        Authentication odd = UsernamePasswordAuthenticationToken.authenticated(new Object() { }, null, List.of());

        assertThatThrownBy(() -> nodeA.save(newTicket(), odd, inThirtySeconds()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(UsernamePasswordAuthenticationToken.class.getName())
                .hasMessageContaining(getClass().getName() + "$")
                .hasMessageContaining("not Serializable");
        assertThat(RedisNodes.keys(factoryA)).isEmpty();
    }

    @Test
    void theStoresClockSetsTheTimeToLiveInRedis() {
        // the time to live in Redis is the time left by the store's clock (the one the expiry came
        // from, the application's Clock bean), not by the system's: an hour behind, still 30 s
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        RedisWsTicketStore node = new RedisWsTicketStore(factoryA, RedisNodes.PREFIX, behind, null);
        String ticket = newTicket();
        node.save(ticket, ADA, behind.instant().plusSeconds(30));

        long pttl = Long.parseLong(redis.command("PTTL " + RedisNodes.expectedKey(ticket)).substring(1));
        assertThat(pttl).isBetween(1L, 30_000L);
    }
}
