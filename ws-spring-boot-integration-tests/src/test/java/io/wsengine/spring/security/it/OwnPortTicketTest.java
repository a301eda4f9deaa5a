package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.security.WsSecurityInterceptor;
import io.wsengine.spring.security.WsTicket;
import io.wsengine.spring.security.WsTickets;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/** The own port with one-time tickets: issued to a signed-in user, used once with ?ticket=, expiring. */
@SpringBootTest(classes = SecuredApp.class, properties = {"ws.server.port=0", "ws.server.address=127.0.0.1"})
class OwnPortTicketTest {
    private static final Authentication ADA = UsernamePasswordAuthenticationToken.authenticated("ada", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));

    @LocalWsServerPort
    int port;

    @Autowired
    SecuredApp.OpenedSessions opened;

    @Autowired
    WsTickets tickets;

    @Autowired
    TestClock clock;

    private WebSocket client;

    @BeforeEach
    void forgetEarlierSessions() {
        opened.clear();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.abort();
        }
    }

    @Test
    void aTicketOpensASessionWhosePrincipalIsTheTicketsAuthentication() throws Exception {
        WsTicket ticket = tickets.issue(ADA);

        client = Upgrades.open(port, "/secured?ticket=" + ticket.value(), Map.of());

        assertThat(opened.next().principal()).containsSame(ADA);
    }

    @Test
    void aTicketWorksOnlyOnce() throws Exception {
        WsTicket ticket = tickets.issue(ADA);
        client = Upgrades.open(port, "/secured?ticket=" + ticket.value(), Map.of());
        opened.next();

        assertThat(Upgrades.refusal(port, "/secured?ticket=" + ticket.value(), Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void aTicketIsRefusedOnceItsTimeToLiveHasPassed() {
        WsTicket ticket = tickets.issue(ADA);

        clock.advance(Duration.ofSeconds(30));

        assertThat(Upgrades.refusal(port, "/secured?ticket=" + ticket.value(), Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void aTicketIsAcceptedJustBeforeItExpires() throws Exception {
        WsTicket ticket = tickets.issue(ADA);

        clock.advance(Duration.ofSeconds(29));

        client = Upgrades.open(port, "/secured?ticket=" + ticket.value(), Map.of());
        assertThat(opened.next().principal()).containsSame(ADA);
    }

    @Test
    void anUnknownTicketIsRefused() {
        assertThat(Upgrades.refusal(port, "/secured?ticket=made-up", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenSessionShowsNoTicket() throws Exception {
        WsTicket ticket = tickets.issue(ADA);

        client = Upgrades.open(port, "/secured?room=a&ticket=" + ticket.value(), Map.of());

        WsSession session = opened.next();
        assertThat(session.handshake().queryParams()).containsExactlyEntriesOf(Map.of("room", List.of("a")));
        assertThat(session.handshake().uri() + " " + session.handshake() + " " + session + " " + ticket)
                .doesNotContain(ticket.value());
    }

    @Test
    void aBrowserWithATicketOfferingTheCompanionGetsTheCompanion() throws Exception {
        WsTicket ticket = tickets.issue(ADA);

        client = Upgrades.open(port, "/secured?ticket=" + ticket.value(), Map.of(), WsSecurityInterceptor.BEARER_SUBPROTOCOL);

        assertThat(client.getSubprotocol()).isEqualTo(WsSecurityInterceptor.BEARER_SUBPROTOCOL);
        assertThat(opened.next().principal()).containsSame(ADA);
    }
}
