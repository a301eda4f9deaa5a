package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.spring.security.InMemoryWsTicketStore;
import io.wsengine.spring.security.WsTicket;
import io.wsengine.spring.security.WsTicketStoreFullException;
import io.wsengine.spring.security.WsTickets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

/** The in-memory ticket store: bounded, single use, expiring. */
class InMemoryWsTicketStoreTest {
    private static final Authentication ADA = new TestingAuthenticationToken("ada", null, "ROLE_USER");

    private final TestClock clock = new TestClock();
    private final InMemoryWsTicketStore store = new InMemoryWsTicketStore(2, clock);

    private Instant inThirtySeconds() {
        return clock.instant().plusSeconds(30);
    }

    @Test
    void refusesATicketPastItsLimitWhileNoneHasExpired() {
        assertThat(store.save("a", ADA, inThirtySeconds())).isTrue();
        assertThat(store.save("b", ADA, inThirtySeconds())).isTrue();

        assertThat(store.save("c", ADA, inThirtySeconds())).isFalse();
        assertThat(store.take("c", clock.instant())).isEmpty();
    }

    @Test
    void dropsExpiredTicketsToMakeRoom() {
        store.save("a", ADA, inThirtySeconds());
        store.save("b", ADA, inThirtySeconds());

        clock.advance(Duration.ofSeconds(30));

        assertThat(store.save("c", ADA, inThirtySeconds())).isTrue();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aTakenTicketMakesRoom() {
        store.save("a", ADA, inThirtySeconds());
        store.save("b", ADA, inThirtySeconds());

        store.take("a", clock.instant());

        assertThat(store.save("c", ADA, inThirtySeconds())).isTrue();
    }

    @Test
    void ofConcurrentTakesOfOneTicketOnlyOneSucceeds() throws Exception {
        store.save("a", ADA, inThirtySeconds());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Optional<Authentication>>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                takes.add(() -> store.take("a", clock.instant()));
            }
            int succeeded = 0;
            for (Future<Optional<Authentication>> take : threads.invokeAll(takes, 10, TimeUnit.SECONDS)) {
                succeeded += take.get().isPresent() ? 1 : 0;
            }
            assertThat(succeeded).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anExpiredTicketIsNotGivenOut() {
        store.save("a", ADA, inThirtySeconds());

        assertThat(store.take("a", inThirtySeconds())).isEmpty();
    }

    @Test
    void issuingPastTheLimitFailsWithStoreFull() {
        WsTickets tickets = new WsTickets(store, Duration.ofSeconds(30), clock);
        tickets.issue(ADA);
        tickets.issue(ADA);

        assertThatThrownBy(() -> tickets.issue(ADA)).isInstanceOf(WsTicketStoreFullException.class)
                .hasMessageContaining("full");
    }

    @Test
    void issuedTicketsAreRandomAndUrlSafe() {
        WsTickets tickets = new WsTickets(store, Duration.ofSeconds(30), clock);

        WsTicket first = tickets.issue(ADA);
        WsTicket second = tickets.issue(ADA);

        assertThat(first.value()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second.value());
        assertThat(first.expiresAt()).isEqualTo(inThirtySeconds());
        assertThat(first.toString()).doesNotContain(first.value());
    }
}
