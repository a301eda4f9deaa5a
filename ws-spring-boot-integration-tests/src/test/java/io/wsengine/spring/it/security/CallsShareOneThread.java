package io.wsengine.spring.it.security;

import static io.wsengine.spring.it.security.TestUserInterceptor.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.it.security.EndpointSecuritySpec.Seen;
import io.wsengine.spring.testing.TestClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * For a dispatch configured to make every endpoint call on one thread: what one session's call set
 * there is gone before the next call, and after it.
 */
interface CallsShareOneThread {

    int port();

    /** Runs a task on the thread that makes the endpoint calls, after the calls made so far. */
    Executor endpointThread();

    /** What the {@code /me} endpoint's @OnClose saw for this session, once it has run. */
    Seen awaitClose(String session);

    private Authentication leftOnTheEndpointThread() throws Exception {
        return CompletableFuture.supplyAsync(() -> SecurityContextHolder.getContext().getAuthentication(),
                endpointThread()).get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    default void aLaterCallOnTheSameThreadFindsNoContextLeftBehind() throws Exception {
        Seen adas;
        try (TestClient ada = TestClient.connect(port(), "/me", as("ada"))) {
            ada.nextText();
            ada.send("what do you see?");
            adas = EndpointSecuritySpec.seen(ada.nextText());
        }
        assertThat(awaitClose(adas.session()).context()).as("in ada's @OnClose").isEqualTo("ada");
        // queued behind ada's @OnClose, so it runs once that call has returned
        assertThat(leftOnTheEndpointThread()).as("left on the thread after ada's last call").isNull();
        Seen anonymous;
        try (TestClient nobody = TestClient.connect(port(), "/me")) {
            nobody.nextText();
            nobody.send("what do you see?");
            anonymous = EndpointSecuritySpec.seen(nobody.nextText());
        }
        assertThat(adas.context()).isEqualTo("ada");
        assertThat(anonymous.thread()).as("the same thread").isEqualTo(adas.thread());
        assertThat(anonymous.context()).isNull();
    }
}
