package io.wsengine.spring.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Checks a bearer token sent with an upgrade (in {@code Authorization}, or after the
 * {@value WsSecurityInterceptor#BEARER_SUBPROTOCOL} subprotocol). The starter's, with Spring Security's
 * resource server on the classpath, uses the application's {@code JwtDecoder} (and its
 * {@code JwtAuthenticationConverter}, if any) or {@code OpaqueTokenIntrospector}. Define a bean of
 * this type to check tokens another way, such as with an {@code AuthenticationManager} of your own:
 * {@code token -> manager.authenticate(new BearerTokenAuthenticationToken(token))}.
 *
 * <p>Called on one of the authentication threads ({@code ws.server.security.authentication-threads}),
 * never on an event loop: it may block.
 */
@FunctionalInterface
public interface WsBearerTokenAuthenticator {

    /**
     * Authenticates a token.
     *
     * @param token the token as sent, never null
     * @return the authenticated user, the session's principal
     * @throws AuthenticationException if the token is not valid (the upgrade is refused {@code 401});
     *                                 an {@code AuthenticationServiceException} when it could not be
     *                                 checked (refused {@code 503})
     */
    Authentication authenticate(String token) throws AuthenticationException;
}
