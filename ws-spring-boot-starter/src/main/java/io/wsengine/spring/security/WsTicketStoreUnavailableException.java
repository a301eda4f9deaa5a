package io.wsengine.spring.security;

/**
 * No ticket could be issued: the store could not be reached (a shared store's server is down, say).
 * Unlike a full store, it says nothing about how many tickets are outstanding; a later attempt may
 * succeed, so the ticket controller answers {@code 503} with {@code Retry-After}, as for a full store.
 */
public class WsTicketStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says why, and the store's failure.
     *
     * @param message what could not be reached; never a ticket
     * @param cause   the store's failure
     */
    public WsTicketStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
