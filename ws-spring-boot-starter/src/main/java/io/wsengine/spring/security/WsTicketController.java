package io.wsengine.spring.security;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issues a one-time ticket to the signed-in user of a web request: {@code POST /ws-ticket}
 * ({@code ws.server.security.ticket.path}) answers {@code {"ticket": "...", "expiresAt": "..."}}, not to be
 * cached. The application's own security filter chain applies to it as to any controller (a POST from a
 * page sends the CSRF token where CSRF protection is on); without a signed-in user it answers {@code 401},
 * with a full or unreachable store {@code 503} and {@code Retry-After}.
 */
@RestController
public class WsTicketController {
    private static final Log LOG = LogFactory.getLog(WsTicketController.class);

    private final WsTickets tickets;

    /**
     * A controller issuing these tickets.
     *
     * @param tickets issues the tickets
     */
    public WsTicketController(WsTickets tickets) {
        this.tickets = tickets;
    }

    /**
     * Issues a ticket to the current user.
     *
     * @return the ticket and its expiry, or a refusal
     */
    @PostMapping(path = "${ws.server.security.ticket.path:/ws-ticket}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> issue() {
        try {
            WsTicket ticket = tickets.issue();
            return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                    .body(Map.of("ticket", ticket.value(), "expiresAt", ticket.expiresAt().toString()));
        } catch (AuthenticationCredentialsNotFoundException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).cacheControl(CacheControl.noStore())
                    .body(Map.of("error", "sign in first"));
        } catch (WsTicketStoreFullException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .cacheControl(CacheControl.noStore()).body(Map.of("error", "too many tickets outstanding"));
        } catch (WsTicketStoreUnavailableException e) {
            // logged here, since nothing else sees it; the message names the store, never the ticket
            LOG.warn("Could not issue a WebSocket ticket: " + e.getMessage() + ": " + e.getCause());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .cacheControl(CacheControl.noStore()).body(Map.of("error", "tickets cannot be issued now"));
        }
    }
}
