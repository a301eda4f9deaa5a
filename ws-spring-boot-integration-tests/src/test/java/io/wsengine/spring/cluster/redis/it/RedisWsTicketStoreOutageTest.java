package io.wsengine.spring.cluster.redis.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.cluster.redis.RedisWsTicketStore;
import io.wsengine.spring.security.WsTicketController;
import io.wsengine.spring.security.WsTicketStoreUnavailableException;
import io.wsengine.spring.security.WsTickets;
import io.wsengine.spring.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Redis ticket store while Redis is down, and once it is back: Lettuce reconnects by itself. One
 * node rejects commands while disconnected, the other buffers them until the command timeout;
 * both fail in the documented way.
 */
class RedisWsTicketStoreOutageTest {
    private static final Authentication ADA = UsernamePasswordAuthenticationToken.authenticated("ada", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));
    /** Lettuce's reconnect delay grows up to 30 s; the outage here lasts a few seconds. */
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(40);

    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static LettuceConnectionFactory rejecting;
    private static LettuceConnectionFactory buffering;

    @BeforeAll
    static void connect() {
        rejecting = RedisNodes.connect(redis.port(), true);
        buffering = RedisNodes.connect(redis.port(), false);
    }

    @AfterAll
    static void disconnect() {
        if (rejecting != null) {
            rejecting.destroy();
        }
        if (buffering != null) {
            buffering.destroy();
        }
    }

    @Test
    void whileRedisIsDownTakeAndSaveFailAsDocumentedAndWorkAgainOnceItIsBack() {
        List<RedisWsTicketStore> nodes = List.of(RedisNodes.store(rejecting), RedisNodes.store(buffering));
        String ticket = UUID.randomUUID().toString();
        assertThat(nodes.get(0).save(ticket, ADA, Instant.now().plusSeconds(30))).isTrue();

        redis.stop();
        try {
            for (RedisWsTicketStore node : nodes) {
                // take: what the security interceptor answers 503 (not 401: the ticket may be good)
                assertThatThrownBy(() -> node.take(ticket, Instant.now()))
                        .isInstanceOf(AuthenticationServiceException.class)
                        .hasCauseInstanceOf(DataAccessException.class)
                        .hasMessageNotContaining(ticket);
                assertThatThrownBy(() -> node.save(UUID.randomUUID().toString(), ADA, Instant.now().plusSeconds(30)))
                        .isInstanceOf(WsTicketStoreUnavailableException.class)
                        .hasCauseInstanceOf(DataAccessException.class);
            }
            assertThat(issueThroughTheController(nodes.get(0)).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        } finally {
            redis.start();
        }

        await().atMost(RECONNECT_BOUND).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
            for (int i = 0; i < 2; i++) {
                String again = UUID.randomUUID().toString();
                assertThat(nodes.get(i).save(again, ADA, Instant.now().plusSeconds(30))).isTrue();
                assertThat(nodes.get(1 - i).take(again, Instant.now())).contains(ADA);
            }
        });
        ResponseEntity<Map<String, String>> issued = issueThroughTheController(nodes.get(0));
        assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(nodes.get(1).take(issued.getBody().get("ticket"), Instant.now())).contains(ADA);
    }

    private static ResponseEntity<Map<String, String>> issueThroughTheController(RedisWsTicketStore store) {
        WsTicketController controller = new WsTicketController(new WsTickets(store, Duration.ofSeconds(30),
                Clock.systemUTC()));
        SecurityContextHolder.getContext().setAuthentication(ADA);
        try {
            ResponseEntity<Map<String, String>> response = controller.issue();
            if (response.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
                assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            }
            return response;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
