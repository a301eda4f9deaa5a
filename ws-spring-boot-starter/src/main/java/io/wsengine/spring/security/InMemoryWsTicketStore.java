package io.wsengine.spring.security;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Tickets in this JVM's memory, at most a fixed number at once ({@code ws.server.security.ticket.max-outstanding}):
 * when full, expired tickets are dropped, and if none has expired the new one is refused. For one node;
 * behind a load balancer, the ticket must reach the node that issued it.
 */
public final class InMemoryWsTicketStore implements WsTicketStore {
    private record Entry(Authentication authentication, Instant expiresAt) {
    }

    private final int maxTickets;
    private final Clock clock;
    private final Map<String, Entry> tickets = new HashMap<>();

    /**
     * A store of at most this many tickets.
     *
     * @param maxTickets tickets kept at once, at least 1
     * @param clock      tells which tickets have expired when the store is full
     * @throws IllegalArgumentException if less than 1
     */
    public InMemoryWsTicketStore(int maxTickets, Clock clock) {
        this.clock = clock;
        if (maxTickets < 1) {
            throw new IllegalArgumentException("maxTickets must be at least 1, not " + maxTickets);
        }
        this.maxTickets = maxTickets;
    }

    @Override
    public synchronized boolean save(String ticket, Authentication authentication, Instant expiresAt) {
        if (tickets.size() >= maxTickets) {
            Instant now = clock.instant();
            tickets.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
            if (tickets.size() >= maxTickets) {
                return false;
            }
        }
        tickets.put(ticket, new Entry(authentication, expiresAt));
        return true;
    }

    @Override
    public synchronized Optional<Authentication> take(String ticket, Instant now) {
        Entry entry = tickets.remove(ticket);
        return entry == null || !entry.expiresAt().isAfter(now) ? Optional.empty() : Optional.of(entry.authentication());
    }

    /** {@return the tickets kept now, expired ones not yet dropped included} */
    public synchronized int size() {
        return tickets.size();
    }
}
