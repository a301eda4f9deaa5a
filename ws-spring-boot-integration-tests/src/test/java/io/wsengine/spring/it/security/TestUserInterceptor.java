package io.wsengine.spring.it.security;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.security.Principal;
import java.util.Map;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Authenticates from a test header, as the security integration's interceptor will from a token:
 * {@code X-Test-User: ada} is an admin ({@code ROLE_ADMIN}), any other name a user
 * ({@code ROLE_USER}), {@code plain:NAME} a principal that is no Spring Security
 * {@code Authentication}; without the header the session is anonymous.
 */
final class TestUserInterceptor implements HandshakeInterceptor {
    static final String HEADER = "X-Test-User";

    /** The headers to connect as this user with. */
    static Map<String, String> as(String user) {
        return Map.of(HEADER, user);
    }

    record PlainPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        String user = request.header(HEADER);
        if (user == null) {
            return HandshakeResult.accept();
        }
        if (user.startsWith("plain:")) {
            return HandshakeResult.accept().withPrincipal(new PlainPrincipal(user.substring("plain:".length())));
        }
        String role = user.equals("ada") ? "ROLE_ADMIN" : "ROLE_USER";
        return HandshakeResult.accept().withPrincipal(
                UsernamePasswordAuthenticationToken.authenticated(user, null, AuthorityUtils.createAuthorityList(role)));
    }
}
