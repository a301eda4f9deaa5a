package io.wsengine.spring.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Spring Security on the WebSocket server's own port, under {@code ws.server.security}: with Spring
 * Security on the classpath, an upgrade without accepted credentials is refused {@code 401}.
 *
 * @param enabled                  Whether upgrades to the WebSocket server's own port need credentials (a bearer
 *                                 token in Authorization or after the wsengine.bearer subprotocol, or a one-time
 *                                 ticket in ?ticket=) when Spring Security is on the classpath. false lets every
 *                                 upgrade through, as without Spring Security; @WsPermitAll opens single endpoints.
 * @param authenticationThreads    Threads that check bearer tokens and tickets off the event loops (a JwtDecoder or
 *                                 OpaqueTokenIntrospector may call an authorization server). At least 1.
 * @param maxQueuedAuthentications Upgrades whose credentials wait for a free authentication thread; one more is
 *                                 refused 503 with Retry-After: 1. At least 1.
 * @param ticket                   One-time tickets, for browsers that signed in to the web application.
 */
@ConfigurationProperties(WsSecurityProperties.PREFIX)
public record WsSecurityProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("2") int authenticationThreads,
                                   @DefaultValue("1000") int maxQueuedAuthentications,
                                   @DefaultValue Ticket ticket) {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server.security";

    /**
     * Checks the counts when the properties are bound, so that a bad value fails start-up naming its property.
     *
     * @param enabled                  whether upgrades need credentials
     * @param authenticationThreads    threads that check credentials, at least 1
     * @param maxQueuedAuthentications credentials waiting for a thread, at least 1
     * @param ticket                   the ticket settings
     * @throws IllegalArgumentException if a count is less than 1
     */
    public WsSecurityProperties {
        requireAtLeastOne("authentication-threads", authenticationThreads);
        requireAtLeastOne("max-queued-authentications", maxQueuedAuthentications);
    }

    /**
     * One-time tickets: issued to a signed-in web user, used once in {@code ?ticket=} within their time to live.
     *
     * @param timeToLive     How long a ticket can be used after it was issued. Positive.
     * @param maxOutstanding Tickets issued and neither used nor expired that the in-memory store keeps; issuing one
     *                       more fails (the ticket controller answers 503 with Retry-After). At least 1.
     * @param path           Path of the ticket controller (POST, for a signed-in user; JSON with ticket and
     *                       expiresAt), served by Spring MVC when the application has it.
     */
    public record Ticket(@DefaultValue("30s") Duration timeToLive, @DefaultValue("10000") int maxOutstanding,
                         @DefaultValue("/ws-ticket") String path) {
        /**
         * Checks the settings when bound.
         *
         * @param timeToLive     how long a ticket is valid, positive
         * @param maxOutstanding tickets kept at once, at least 1
         * @param path           the controller's path
         * @throws IllegalArgumentException if a value is out of range
         */
        public Ticket {
            if (timeToLive.isZero() || timeToLive.isNegative()) {
                throw new IllegalArgumentException(PREFIX + ".ticket.time-to-live must be positive, not " + timeToLive);
            }
            requireAtLeastOne("ticket.max-outstanding", maxOutstanding);
        }
    }

    private static void requireAtLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + "." + property + " must be at least 1, not " + value);
        }
    }
}
