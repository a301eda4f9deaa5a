package io.wsengine.fuzz;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.util.List;
import java.util.Map;

/**
 * An interceptor that reads every part of the request, as an application may, and remembers what
 * failed: the handshake turns an interceptor's exception into a quiet 500, which would hide a bug in
 * the request's views (they parse the session's compact head again). It refuses {@code ?token=bad}
 * with 401 and picks the subprotocol an {@code X-Pick} header names, when the client offered it.
 */
final class ViewReadingInterceptor implements HandshakeInterceptor {
    private RuntimeException failure;

    /** The exception a view threw during the last handshake, or null; forgets it. */
    RuntimeException takeFailure() {
        RuntimeException taken = failure;
        failure = null;
        return taken;
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        try {
            request.uri();
            request.path();
            request.query();
            request.pathParams();
            request.remoteAddress();
            String pick = request.header("X-Pick");
            boolean offered = pick != null && request.subprotocols().contains(pick);
            if ("bad".equals(request.queryParams().getOrDefault("token", List.of("")).get(0))) {
                return HandshakeResult.reject(401, "bad token", Map.of("WWW-Authenticate", "Bearer"));
            }
            attributes.put("headers", request.headers().size());
            return offered ? HandshakeResult.acceptWithSubprotocol(pick) : HandshakeResult.accept();
        } catch (RuntimeException e) {
            failure = e;
            return HandshakeResult.reject(599);
        }
    }
}
