package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.security.WsSecurityInterceptor;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Opaque tokens, checked with the application's {@link OpaqueTokenIntrospector}; and the bound on
 * upgrades waiting for an authentication thread (one thread, one queued here).
 */
@SpringBootTest(classes = OpaqueTokenTest.App.class, properties = {"ws.server.port=0", "ws.server.address=127.0.0.1",
        "ws.server.security.authentication-threads=1", "ws.server.security.max-queued-authentications=1"})
class OpaqueTokenTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Endpoint.class)
    static class App {
        static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
        static final AtomicInteger SLOW_CALLS = new AtomicInteger();
        static final BlockingQueue<WsSession> OPENED = new LinkedBlockingQueue<>();

        /** Knows "token-of-cy"; "slow-..." tokens wait for the test to release them, as a stalled authorization server would. */
        @Bean
        OpaqueTokenIntrospector introspector() {
            return token -> {
                if (token.startsWith("slow-")) {
                    SLOW_CALLS.incrementAndGet();
                    try {
                        RELEASE_SLOW.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return principal(token);
                }
                if (!token.equals("token-of-cy")) {
                    throw new BadOpaqueTokenException("not active");
                }
                return principal("cy");
            };
        }

        private static DefaultOAuth2AuthenticatedPrincipal principal(String name) {
            return new DefaultOAuth2AuthenticatedPrincipal(name, Map.of("sub", name),
                    AuthorityUtils.createAuthorityList("SCOPE_chat"));
        }
    }

    @WsEndpoint("/secured")
    static class Endpoint {
        @OnOpen
        void open(WsSession session) {
            App.OPENED.add(session);
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    WsSecurityInterceptor interceptor;

    @BeforeEach
    void forgetEarlierSessions() {
        App.OPENED.clear();
    }

    private static WsSession nextOpened() throws InterruptedException {
        WsSession session = App.OPENED.poll(Upgrades.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(session).as("a session opened within " + Upgrades.TIMEOUT).isNotNull();
        return session;
    }

    @Test
    void acceptsAnActiveOpaqueToken() throws Exception {
        WebSocket client = Upgrades.open(port, "/secured", Upgrades.bearer("token-of-cy"));
        try {
            assertThat(nextOpened().principal().orElseThrow().getName()).isEqualTo("cy");
        } finally {
            client.abort();
        }
    }

    @Test
    void refusesAnInactiveOpaqueToken() {
        assertThat(Upgrades.refusal(port, "/secured", Upgrades.bearer("token-of-nobody")).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesWith503AnUpgradeBeyondTheQueueOfAuthenticationsAndLetsTheOthersThrough() throws Exception {
        CompletableFuture<WebSocket> first = Upgrades.attempt(port, "/secured", Upgrades.bearer("slow-1"));
        Awaitility.await().atMost(Upgrades.TIMEOUT).until(() -> App.SLOW_CALLS.get() == 1); // the only thread is busy
        List<CompletableFuture<WebSocket>> later = List.of(
                Upgrades.attempt(port, "/secured", Upgrades.bearer("slow-2")),
                Upgrades.attempt(port, "/secured", Upgrades.bearer("slow-3")));

        // One of the two waits in the queue; the other finds it full. Which one depends on arrival.
        CompletableFuture<Object> firstRefused = CompletableFuture.anyOf(later.get(0).handle((ws, failure) -> failure),
                later.get(1).handle((ws, failure) -> failure));
        Object refusal = firstRefused.get(Upgrades.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(refusal).as("the upgrade beyond the queue is refused").isNotNull();
        App.RELEASE_SLOW.countDown();

        List<WebSocket> openedClients = new ArrayList<>();
        List<HttpResponse<?>> refusals = new ArrayList<>();
        openedClients.add(Upgrades.opened(first));
        for (CompletableFuture<WebSocket> attempt : later) {
            if (attempt.handle((ws, failure) -> failure == null).get(Upgrades.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                openedClients.add(Upgrades.opened(attempt));
            } else {
                refusals.add(Upgrades.refused(attempt));
            }
        }
        openedClients.forEach(WebSocket::abort);
        assertThat(openedClients).hasSize(2);
        assertThat(refusals).singleElement().satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        });
    }
}
