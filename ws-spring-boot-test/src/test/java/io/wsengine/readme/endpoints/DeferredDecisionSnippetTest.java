package io.wsengine.readme.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's deferred decision decides on the executor's thread, as the README says. */
class DeferredDecisionSnippetTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A request whose only header is {@code Authorization}, as the snippet reads it. */
    private static HandshakeRequest withAuthorization(String value) {
        return (HandshakeRequest) Proxy.newProxyInstance(HandshakeRequest.class.getClassLoader(),
                new Class<?>[] {HandshakeRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("header") && "Authorization".equals(args[0])) {
                        return value;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private HandshakeResult decide(String authorization) throws InterruptedException, ExecutionException,
            TimeoutException {
        Thread[] checkedOn = new Thread[1];
        DeferredTokenInterceptor interceptor = new DeferredTokenInterceptor(token -> {
            checkedOn[0] = Thread.currentThread();
            return "Bearer good".equals(token);
        }, executor);
        HandshakeResult result = interceptor.beforeHandshake(withAuthorization(authorization), new HashMap<>());
        assertThat(result.isDeferred()).isTrue();
        HandshakeResult decision = result.decision().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(checkedOn[0]).isNotSameAs(Thread.currentThread());
        return decision;
    }

    @Test
    void acceptsAValidTokenOnTheExecutor() throws Exception {
        assertThat(decide("Bearer good").isAccepted()).isTrue();
    }

    @Test
    void refusesAnInvalidTokenWith401() throws Exception {
        assertThat(decide("Bearer bad").status()).isEqualTo(401);
    }
}
