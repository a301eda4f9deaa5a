package io.wsengine.spring.it.security;

import static io.wsengine.spring.it.security.TestUserInterceptor.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security on endpoint methods, the same in every dispatch mode (each runs these in a
 * subclass): {@code Principal} and {@code Authentication} parameters, the {@code SecurityContext}
 * inside the method, {@code @PreAuthorize} and {@code @Secured} (the test applications enable method
 * security), and what a denied call does. Users come from {@link TestUserInterceptor}: ada is an
 * admin, bob a user.
 */
abstract class EndpointSecuritySpec {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What an endpoint method saw: its parameters, the SecurityContext, its thread. */
    record Seen(String method, String session, String principal, String authentication, String context,
                String thread, boolean virtual) {

        static Seen now(String method, WsSession session, Principal principal, Authentication authentication) {
            return new Seen(method, session.id(), name(principal), name(authentication),
                    name(SecurityContextHolder.getContext().getAuthentication()), Thread.currentThread().getName(),
                    isVirtual(Thread.currentThread()));
        }

        private static String name(Principal principal) {
            return principal == null ? null : principal.getName();
        }

        private static boolean isVirtual(Thread thread) {
            try {
                // Thread.isVirtual() exists from Java 21; this code compiles for 17.
                return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (NoSuchMethodException e) {
                return false;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Reports what each of its methods saw. */
    @WsEndpoint("/me")
    static class MeEndpoint {
        private final BlockingQueue<Seen> closes = new LinkedBlockingQueue<>();
        private volatile WsSession lastOpened;

        @OnOpen
        public Seen open(WsSession session, Principal principal, Authentication authentication) {
            lastOpened = session;
            return Seen.now("open", session, principal, authentication);
        }

        @OnTextMessage
        public Seen text(String text, WsSession session, Principal principal, Authentication authentication) {
            return Seen.now("text", session, principal, authentication);
        }

        @OnClose
        public void close(WsSession session, Principal principal, Authentication authentication) {
            closes.add(Seen.now("close", session, principal, authentication));
        }

        BlockingQueue<Seen> closes() {
            return closes;
        }

        WsSession lastOpened() {
            return lastOpened;
        }
    }

    /** Admins only; a denial is handled by its @OnError, and the session stays open. */
    @WsEndpoint("/admin")
    static class AdminEndpoint {
        private final BlockingQueue<Throwable> denials = new LinkedBlockingQueue<>();

        @OnTextMessage
        @PreAuthorize("hasRole('ADMIN')")
        public String text(String text) {
            return "granted " + text;
        }

        @OnError
        public String denied(AccessDeniedException denial) {
            denials.add(denial);
            return "denied";
        }

        /** Called through the method-security proxy, which passes it on to the bean. */
        public BlockingQueue<Throwable> denials() {
            return denials;
        }
    }

    /** Admins only, and no @OnError: a denial closes the session. */
    @WsEndpoint("/admin/strict")
    static class StrictAdminEndpoint {
        @OnTextMessage
        @PreAuthorize("hasRole('ADMIN')")
        public String text(String text) {
            return "granted " + text;
        }

        @OnBinaryMessage
        @Secured("ROLE_ADMIN")
        public byte[] binary(byte[] data) {
            return data;
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    MeEndpoint me;

    @Autowired
    AdminEndpoint admin;

    public int port() {
        return port;
    }

    /** What the {@code /me} endpoint's @OnClose saw for this session, once it has run. */
    public Seen awaitClose(String session) {
        return await().atMost(TestClient.TIMEOUT)
                .until(() -> me.closes().stream().filter(seen -> seen.session().equals(session)).findFirst(),
                        Optional::isPresent)
                .get();
    }

    static Seen seen(String json) {
        return JSON.readValue(json, Seen.class);
    }

    /** What the session's @OnOpen saw, then what its @OnTextMessage saw. */
    Seen[] openThenText(String user) {
        try (TestClient client = user == null ? TestClient.connect(port, "/me")
                : TestClient.connect(port, "/me", as(user))) {
            Seen open = seen(client.nextText());
            client.send("what do you see?");
            return new Seen[] {open, seen(client.nextText())};
        }
    }

    @Test
    void principalAndAuthenticationParametersReceiveTheSessionsAuthentication() {
        Seen open = openThenText("ada")[0];
        assertThat(open.principal()).isEqualTo("ada");
        assertThat(open.authentication()).isEqualTo("ada");
    }

    @Test
    void theSecurityContextHoldsTheSessionsAuthenticationInEveryMethod() {
        Seen[] seen = openThenText("ada");
        assertThat(seen[0].context()).as("in @OnOpen").isEqualTo("ada");
        assertThat(seen[1].context()).as("in @OnTextMessage").isEqualTo("ada");
        Seen close = awaitClose(seen[0].session());
        assertThat(close.context()).as("in @OnClose").isEqualTo("ada");
        assertThat(close.authentication()).isEqualTo("ada");
    }

    @Test
    void anAnonymousSessionHasNullParametersAndAnEmptyContext() {
        for (Seen seen : openThenText(null)) {
            assertThat(seen.principal()).as(seen.method()).isNull();
            assertThat(seen.authentication()).as(seen.method()).isNull();
            assertThat(seen.context()).as(seen.method()).isNull();
        }
    }

    @Test
    void aPrincipalThatIsNoAuthenticationIsAPrincipalOnlyAndLeavesTheContextEmpty() {
        for (Seen seen : openThenText("plain:carl")) {
            assertThat(seen.principal()).as(seen.method()).isEqualTo("carl");
            assertThat(seen.authentication()).as(seen.method()).isNull();
            assertThat(seen.context()).as(seen.method()).isNull();
        }
    }

    @Test
    void preAuthorizeLetsAnAdminCall() {
        try (TestClient client = TestClient.connect(port, "/admin", as("ada"))) {
            client.send("hello");
            assertThat(client.nextText()).isEqualTo("granted hello");
        }
    }

    @Test
    void aCallThatPreAuthorizeDeniesReachesOnErrorAsAccessDeniedAndTheSessionStaysOpen() throws Exception {
        admin.denials().clear();
        try (TestClient client = TestClient.connect(port, "/admin", as("bob"))) {
            client.send("hello");
            assertThat(client.nextText()).isEqualTo("denied");
            assertThat(admin.denials().poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(AuthorizationDeniedException.class); // an AccessDeniedException
            client.send("again");
            assertThat(client.nextText()).isEqualTo("denied");
        }
    }

    @Test
    void aDeniedCallWithoutOnErrorClosesWith1008AndNoDetail() {
        try (TestClient client = TestClient.connect(port, "/admin/strict", as("bob"))) {
            client.send("hello");
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "access denied"));
        }
    }

    @Test
    void anAnonymousCallOfAPreAuthorizedMethodClosesWith1008() {
        // method security finds no Authentication in the context: AuthenticationCredentialsNotFoundException
        try (TestClient client = TestClient.connect(port, "/admin/strict")) {
            client.send("hello");
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "access denied"));
        }
    }

    @Test
    void securedLetsAnAdminCallAndClosesAUsersSessionWith1008() {
        try (TestClient client = TestClient.connect(port, "/admin/strict", as("ada"))) {
            client.send(new byte[] {4, 2});
            assertThat(client.nextBinary()).containsExactly(4, 2);
        }
        try (TestClient client = TestClient.connect(port, "/admin/strict", as("bob"))) {
            client.send(new byte[] {4, 2});
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "access denied"));
        }
    }
}
