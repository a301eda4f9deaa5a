package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.cluster.redis.RedisWsTicketStore;
import io.wsengine.spring.security.WsTicket;
import io.wsengine.spring.security.WsTicketStore;
import io.wsengine.spring.security.WsTicketStoreUnavailableException;
import io.wsengine.spring.security.WsTickets;
import io.wsengine.spring.testing.RedisServer;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Two nodes of one application sharing one Redis ({@code ws.cluster.redis.enabled=true}): a ticket issued
 * on one opens a session on the other's own port, once. The outage test runs last: it stops Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeTicketTest {
    private static final Authentication ADA = UsernamePasswordAuthenticationToken.authenticated("ada", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));
    /** Lettuce's reconnect delay grows up to 30 s; the outage here lasts a few seconds. */
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(40);

    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static ConfigurableApplicationContext node1;
    private static ConfigurableApplicationContext node2;

    private WebSocket client;

    @BeforeAll
    static void startTwoNodes() {
        node1 = startNode();
        node2 = startNode();
    }

    private static ConfigurableApplicationContext startNode() {
        // no web server: the nodes issue tickets through their WsTickets bean
        return new SpringApplicationBuilder(SecuredApp.class).web(WebApplicationType.NONE)
                .properties("ws.server.port=0", "ws.server.address=127.0.0.1", "server.port=0",
                        "ws.cluster.redis.enabled=true", "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + redis.port(),
                        // well within ws.server.handshake-timeout, so that an outage is answered
                        "spring.data.redis.timeout=2s")
                .run();
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {node1, node2}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @BeforeEach
    void forgetEarlierSessions() {
        opened(node1).clear();
        opened(node2).clear();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.abort();
        }
    }

    private static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
    }

    private static SecuredApp.OpenedSessions opened(ConfigurableApplicationContext node) {
        return node.getBean(SecuredApp.OpenedSessions.class);
    }

    @Test
    @Order(1)
    void aTicketIssuedOnOneNodeOpensASessionOnTheOtherOnce() throws Exception {
        assertThat(node1.getBean(WsTicketStore.class)).isInstanceOf(RedisWsTicketStore.class);
        WsTicket ticket = node1.getBean(WsTickets.class).issue(ADA);

        client = Upgrades.open(port(node2), "/secured?ticket=" + ticket.value(), Map.of());

        WsSession session = opened(node2).next();
        assertThat(session.principal()).contains(ADA);
        assertThat(session.principal().get().getName()).isEqualTo("ada");
        assertThat(Upgrades.refusal(port(node2), "/secured?ticket=" + ticket.value(), Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(Upgrades.refusal(port(node1), "/secured?ticket=" + ticket.value(), Map.of()).statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(2)
    void whileRedisIsDownATicketIsRefused503AndNoneIsIssued() throws Exception {
        WsTicket ticket = node1.getBean(WsTickets.class).issue(ADA);

        redis.stop();
        try {
            HttpResponse<?> refusal = Upgrades.refusal(port(node2), "/secured?ticket=" + ticket.value(), Map.of());
            assertThat(refusal.statusCode()).isEqualTo(503);
            assertThat(refusal.headers().firstValue("Retry-After")).contains("1");
            assertThatThrownBy(() -> node1.getBean(WsTickets.class).issue(ADA))
                    .isInstanceOf(WsTicketStoreUnavailableException.class);
        } finally {
            redis.start();
        }

        AtomicReference<WsTicket> again = new AtomicReference<>();
        await().atMost(RECONNECT_BOUND).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    again.set(node1.getBean(WsTickets.class).issue(ADA));
                    return true;
                });
        client = Upgrades.open(port(node2), "/secured?ticket=" + again.get().value(), Map.of());
        assertThat(opened(node2).next().principal()).contains(ADA);
    }
}
