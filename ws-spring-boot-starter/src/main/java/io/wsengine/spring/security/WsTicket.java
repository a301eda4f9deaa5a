package io.wsengine.spring.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time ticket, issued by {@link WsTickets}: the browser connects with {@code ?ticket=}{@link #value()}
 * before {@link #expiresAt()}, once. Its {@code toString()} does not show the value.
 *
 * @param value     the ticket, URL-safe (base64url, 43 characters)
 * @param expiresAt when it can no longer be used
 */
public record WsTicket(String value, Instant expiresAt) {

    /**
     * @param value     the ticket
     * @param expiresAt when it expires
     * @throws NullPointerException if either is null
     */
    public WsTicket {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "WsTicket[expiresAt=" + expiresAt + "]";
    }
}
