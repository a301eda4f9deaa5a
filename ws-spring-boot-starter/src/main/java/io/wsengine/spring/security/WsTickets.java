package io.wsengine.spring.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Issues one-time tickets to users already signed in to the web application (form login, OAuth2
 * login, a session cookie: any login), for browsers, which cannot send a header with a WebSocket: the
 * page gets a ticket (from the ticket controller, or from a controller of its own that calls
 * {@link #issue()}) and connects with {@code ?ticket=}. A ticket works once, until it expires
 * ({@code ws.server.security.ticket.time-to-live}, 30 s by default), and the session opened with it has
 * the ticket's {@link Authentication} as its principal.
 */
public class WsTickets {
    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private final WsTicketStore store;
    private final Duration timeToLive;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * Tickets kept in a store.
     *
     * @param store      where tickets wait to be used
     * @param timeToLive how long a ticket can be used, positive
     * @param clock      the time tickets are issued and checked at
     */
    public WsTickets(WsTicketStore store, Duration timeToLive, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Issues a ticket to the user of the current request (Spring Security's {@link SecurityContextHolder}).
     *
     * @return the ticket
     * @throws AuthenticationCredentialsNotFoundException if no user is signed in (none, or anonymous)
     * @throws WsTicketStoreFullException                 if the store keeps no more tickets
     * @throws WsTicketStoreUnavailableException          if the store could not be reached
     */
    public WsTicket issue() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || TRUST.isAnonymous(authentication)) {
            throw new AuthenticationCredentialsNotFoundException("a WebSocket ticket needs a signed-in user");
        }
        return issue(authentication);
    }

    /**
     * Issues a ticket to this user.
     *
     * @param authentication who the ticket is for: the principal of the session it opens
     * @return the ticket
     * @throws WsTicketStoreFullException        if the store keeps no more tickets
     * @throws WsTicketStoreUnavailableException if the store could not be reached
     * @throws NullPointerException              if {@code authentication} is null
     */
    public WsTicket issue(Authentication authentication) {
        Objects.requireNonNull(authentication, "authentication");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = URL_SAFE.encodeToString(bytes);
        Instant expiresAt = clock.instant().plus(timeToLive);
        if (!store.save(value, authentication, expiresAt)) {
            throw new WsTicketStoreFullException("the WebSocket ticket store is full; tickets expire after " + timeToLive);
        }
        return new WsTicket(value, expiresAt);
    }

    /**
     * Uses a ticket up: the security interceptor's call, on an authentication thread.
     *
     * @param ticket the ticket the client sent
     * @return who it was issued to; empty when unknown, used or expired
     * @throws org.springframework.security.authentication.AuthenticationServiceException if the store could not
     *         be reached (the interceptor refuses the upgrade {@code 503})
     */
    public Optional<Authentication> redeem(String ticket) {
        return store.take(ticket, clock.instant());
    }
}
