package io.wsengine.spring.security;

import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Where issued tickets wait to be used. The starter's keeps them in memory ({@link InMemoryWsTicketStore});
 * a bean of this type replaces it, with a store that several nodes share, say. Both methods may block:
 * {@link #take} is called on an authentication thread, {@link #save} on the thread that issues.
 */
public interface WsTicketStore {

    /**
     * Keeps a new ticket until it is taken or expires.
     *
     * @param ticket         the ticket, unique (random, 256 bits)
     * @param authentication who it was issued to
     * @param expiresAt      when it expires; a store may forget it from then on
     * @return false when the store is full and did not keep it
     * @throws WsTicketStoreUnavailableException if the store could not be reached (the controller answers {@code 503})
     */
    boolean save(String ticket, Authentication authentication, Instant expiresAt);

    /**
     * Takes a ticket, atomically: of concurrent calls with one ticket, at most one gets its
     * authentication, and no later call does.
     *
     * @param ticket the ticket as the client sent it
     * @param now    the time to check its expiry against
     * @return who it was issued to; empty when the ticket is unknown, already taken or expired
     * @throws org.springframework.security.authentication.AuthenticationServiceException if the store could not
     *         be reached: the security interceptor refuses the upgrade {@code 503}, not {@code 401}
     */
    Optional<Authentication> take(String ticket, Instant now);
}
