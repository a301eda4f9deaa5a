package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.security.WsSecurityInterceptor;
import io.wsengine.spring.security.WsTickets;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.TestingAuthenticationToken;

/** No token or ticket reaches the log, even at DEBUG (TRACE for Spring Security), accepted or refused. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SecuredApp.class, properties = {"ws.server.port=0", "ws.server.address=127.0.0.1",
        "logging.level.io.wsengine=DEBUG", "logging.level.org.springframework.security=TRACE"})
class CredentialsInLogsTest {
    @LocalWsServerPort
    int port;

    @Autowired
    WsTickets tickets;

    @Autowired
    SecuredApp.OpenedSessions opened;

    @Test
    void noCredentialAppearsInTheLogOfAcceptedAndRefusedUpgrades(CapturedOutput output) throws Exception {
        String valid = TestJwts.valid("ada");
        String expired = TestJwts.expired("ada");
        String untrusted = TestJwts.signedByAnotherKey("ada");
        String bySubprotocol = TestJwts.valid("bob");
        String ticket = tickets.issue(new TestingAuthenticationToken("cy", null, "ROLE_USER")).value();

        WebSocket byHeader = Upgrades.open(port, "/secured", Upgrades.bearer(valid));
        WebSocket offered = Upgrades.open(port, "/secured", Map.of(), WsSecurityInterceptor.BEARER_SUBPROTOCOL, bySubprotocol);
        WebSocket withTicket = Upgrades.open(port, "/secured?ticket=" + ticket, Map.of());
        for (int i = 0; i < 3; i++) {
            opened.next().close(CloseStatus.NORMAL); // closing logs at DEBUG too
        }
        Upgrades.refusal(port, "/secured", Upgrades.bearer(expired));
        Upgrades.refusal(port, "/secured", Upgrades.bearer(untrusted));
        Upgrades.refusal(port, "/secured?ticket=" + ticket, Map.of());
        List.of(byHeader, offered, withTicket).forEach(WebSocket::abort);

        assertThat(output.getAll()).as("the log at DEBUG").contains("Refused an upgrade to /secured with an invalid");
        for (String credential : List.of(valid, expired, untrusted, bySubprotocol, ticket)) {
            assertThat(output.getAll()).doesNotContain(credential);
            // a JWT's signature alone would give it away too
            assertThat(output.getAll()).doesNotContain(credential.substring(credential.lastIndexOf('.') + 1));
        }
    }
}
