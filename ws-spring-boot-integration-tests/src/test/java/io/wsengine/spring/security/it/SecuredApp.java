package io.wsengine.spring.security.it;

import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.security.WsPermitAll;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The application of the own-port security tests: a secured endpoint, a {@link WsPermitAll} one and
 * one with a subprotocol of its own, JWTs from {@link TestJwts} (their scopes become roles), and a clock the tests move (the
 * application's only {@code Clock} bean, which the tickets use).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({SecuredApp.SecuredEndpoint.class, SecuredApp.OpenEndpoint.class, SecuredApp.ChatEndpoint.class})
class SecuredApp {
    @Bean
    JwtDecoder jwtDecoder() {
        return TestJwts.decoder();
    }

    /** The application's own mapping of a JWT to its authorities: scopes as roles. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        scopes.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(scopes);
        return converter;
    }

    @Bean
    TestClock clock() {
        return new TestClock();
    }

    @Bean
    OpenedSessions openedSessions() {
        return new OpenedSessions();
    }

    /** The sessions the endpoints opened, in order. */
    static final class OpenedSessions {
        private final BlockingQueue<WsSession> sessions = new LinkedBlockingQueue<>();

        /** Forgets sessions a test left: each test sees only its own. */
        void clear() {
            sessions.clear();
        }

        /** {@return the next session opened; fails after the bound} */
        WsSession next() throws InterruptedException {
            WsSession session = sessions.poll(Upgrades.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (session == null) {
                throw new AssertionError("no session opened within " + Upgrades.TIMEOUT);
            }
            return session;
        }
    }

    @WsEndpoint("/secured")
    static class SecuredEndpoint {
        private final OpenedSessions opened;

        SecuredEndpoint(OpenedSessions opened) {
            this.opened = opened;
        }

        @OnOpen
        void open(WsSession session) {
            opened.sessions.add(session);
        }
    }

    @WsPermitAll
    @WsEndpoint("/open")
    static class OpenEndpoint {
        private final OpenedSessions opened;

        OpenEndpoint(OpenedSessions opened) {
            this.opened = opened;
        }

        @OnOpen
        void open(WsSession session) {
            opened.sessions.add(session);
        }
    }

    @WsEndpoint(path = "/chat", subprotocols = "chat.v1")
    static class ChatEndpoint {
        private final OpenedSessions opened;

        ChatEndpoint(OpenedSessions opened) {
            this.opened = opened;
        }

        @OnOpen
        void open(WsSession session) {
            opened.sessions.add(session);
        }
    }
}
