package io.wsengine.spring.security;

/**
 * No ticket could be issued: the store holds as many as it may ({@code ws.server.security.ticket.max-outstanding}
 * for the in-memory one). Tickets expire quickly, so a later attempt may succeed; the ticket controller
 * answers {@code 503} with {@code Retry-After}.
 */
public class WsTicketStoreFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says why.
     *
     * @param message what is full; never a ticket
     */
    public WsTicketStoreFullException(String message) {
        super(message);
    }
}
