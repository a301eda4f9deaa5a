package io.wsengine.readme.endpoints;

// tag::token-interceptor[]
import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.spring.WsInterceptorFor;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
@WsInterceptorFor("/chat/{room}")
class TokenInterceptor implements HandshakeInterceptor {
    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        String token = request.queryParam("token");
        if (token == null) {
            return HandshakeResult.reject(401, "token required", Map.of("WWW-Authenticate", "Bearer"));
        }
        attributes.put("user", token);      // read it with session.attributes().get("user")
        return HandshakeResult.accept();
    }
}
// end::token-interceptor[]
