package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.security.WsSecurityInterceptor;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The own port with Spring Security: bearer tokens in Authorization and after the companion subprotocol. */
@SpringBootTest(classes = SecuredApp.class, properties = {"ws.server.port=0", "ws.server.address=127.0.0.1"})
class OwnPortBearerTokenTest {
    @LocalWsServerPort
    int port;

    @Autowired
    SecuredApp.OpenedSessions opened;

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
    void refusesAnUpgradeWithoutCredentials() {
        HttpResponse<?> response = Upgrades.refusal(port, "/secured", Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void acceptsAValidJwtInTheAuthorizationHeaderAsTheSessionsPrincipal() throws Exception {
        client = Upgrades.open(port, "/secured", Upgrades.bearer(TestJwts.valid("ada")));

        WsSession session = opened.next();
        assertThat(session.principal()).get().isInstanceOf(JwtAuthenticationToken.class);
        assertThat(session.principal().orElseThrow().getName()).isEqualTo("ada");
    }

    @Test
    void theApplicationsJwtAuthenticationConverterMakesThePrincipal() throws Exception {
        client = Upgrades.open(port, "/secured", Upgrades.bearer(TestJwts.valid("ada")));

        Authentication principal = (Authentication) opened.next().principal().orElseThrow();
        assertThat(principal.getAuthorities()).extracting(GrantedAuthority::getAuthority).contains("ROLE_chat");
    }

    @Test
    void refusesAnExpiredJwt() {
        HttpResponse<?> response = Upgrades.refusal(port, "/secured", Upgrades.bearer(TestJwts.expired("ada")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }

    @Test
    void refusesAJwtSignedWithAnotherKey() {
        assertThat(Upgrades.refusal(port, "/secured", Upgrades.bearer(TestJwts.signedByAnotherKey("ada"))).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesAMalformedToken() {
        assertThat(Upgrades.refusal(port, "/secured", Map.of("Authorization", "Bearer not a token")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesAnotherAuthorizationSchemeAsNoCredentials() {
        HttpResponse<?> response = Upgrades.refusal(port, "/secured", Map.of("Authorization", "Basic YWRhOnB3"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void acceptsAJwtOfferedAfterTheCompanionSubprotocolAndSelectsTheCompanion() throws Exception {
        client = Upgrades.open(port, "/secured", Map.of(), WsSecurityInterceptor.BEARER_SUBPROTOCOL, TestJwts.valid("bob"));

        assertThat(client.getSubprotocol()).isEqualTo(WsSecurityInterceptor.BEARER_SUBPROTOCOL);
        assertThat(opened.next().principal().orElseThrow().getName()).isEqualTo("bob");
    }

    @Test
    void keepsTheEndpointsOwnSubprotocolWhenItsNegotiationPicksOne() throws Exception {
        client = Upgrades.open(port, "/chat", Map.of(), "chat.v1", WsSecurityInterceptor.BEARER_SUBPROTOCOL,
                TestJwts.valid("bob"));

        assertThat(client.getSubprotocol()).isEqualTo("chat.v1");
        assertThat(opened.next().principal().orElseThrow().getName()).isEqualTo("bob");
    }

    @Test
    void refusesTwoCredentialsAtOnce() {
        HttpResponse<?> response = Upgrades.refusal(port, "/secured", Upgrades.bearer(TestJwts.valid("ada")),
                WsSecurityInterceptor.BEARER_SUBPROTOCOL, TestJwts.valid("bob"));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void opensAPermitAllEndpointWithoutCredentials() throws Exception {
        client = Upgrades.open(port, "/open", Map.of());

        assertThat(opened.next().principal()).isEmpty();
    }

    @Test
    void namesThePrincipalOnAPermitAllEndpointWhenATokenComes() throws Exception {
        client = Upgrades.open(port, "/open", Upgrades.bearer(TestJwts.valid("ada")));

        assertThat(opened.next().principal().orElseThrow().getName()).isEqualTo("ada");
    }

    @Test
    void refusesAnInvalidTokenEvenOnAPermitAllEndpoint() {
        assertThat(Upgrades.refusal(port, "/open", Upgrades.bearer(TestJwts.expired("ada"))).statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenSessionShowsNeitherTheAuthorizationHeaderNorTheSubprotocolToken() throws Exception {
        String headerToken = TestJwts.valid("ada");
        client = Upgrades.open(port, "/secured", Upgrades.bearer(headerToken));
        WsSession byHeader = opened.next();
        String subprotocolToken = TestJwts.valid("bob");
        WebSocket second = Upgrades.open(port, "/secured", Map.of(), WsSecurityInterceptor.BEARER_SUBPROTOCOL,
                subprotocolToken);
        try {
            WsSession bySubprotocol = opened.next();

            assertThat(byHeader.handshake().headers()).doesNotContainKey("Authorization");
            assertThat(bySubprotocol.handshake().subprotocols()).containsExactly(WsSecurityInterceptor.BEARER_SUBPROTOCOL);
            assertThat(byHeader.handshake().headers() + " " + byHeader.handshake() + " " + byHeader)
                    .doesNotContain(headerToken);
            assertThat(bySubprotocol.handshake().headers() + " " + bySubprotocol.handshake() + " " + bySubprotocol)
                    .doesNotContain(subprotocolToken);
        } finally {
            second.abort();
        }
    }
}
