package io.wsengine.readme.endpoints;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The README's deferred decision: a token check that blocks, on an executor. */
class DeferredTokenInterceptor implements HandshakeInterceptor {
    /** A check that blocks, such as a call to an authorization server. */
    interface TokenService {
        boolean isValid(String authorization);
    }

    private final TokenService tokenService;
    private final Executor executor;

    DeferredTokenInterceptor(TokenService tokenService, Executor executor) {
        this.tokenService = tokenService;
        this.executor = executor;
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        // tag::deferred-decision[]
        return HandshakeResult.deferred(CompletableFuture.supplyAsync(
                () -> tokenService.isValid(request.header("Authorization"))    // blocks: on the executor
                        ? HandshakeResult.accept()
                        : HandshakeResult.reject(401), executor));
        // end::deferred-decision[]
    }
}
