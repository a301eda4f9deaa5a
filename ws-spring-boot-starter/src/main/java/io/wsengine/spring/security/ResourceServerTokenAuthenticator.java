package io.wsengine.spring.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Bearer tokens checked as Spring Security's resource server checks them: a JWT with the
 * application's {@link JwtDecoder}, an opaque token with its {@link OpaqueTokenIntrospector}; with
 * both, a token that is not a valid JWT is introspected.
 */
final class ResourceServerTokenAuthenticator implements WsBearerTokenAuthenticator {
    private final AuthenticationManager manager;

    private ResourceServerTokenAuthenticator(AuthenticationManager manager) {
        this.manager = manager;
    }

    /**
     * @param jwtDecoder   the application's decoder, or null
     * @param jwtConverter the application's JWT-to-authentication converter, or null for Spring Security's
     * @param introspector the application's introspector, or null
     * @return null when there is neither decoder nor introspector
     */
    static ResourceServerTokenAuthenticator of(JwtDecoder jwtDecoder,
            Converter<Jwt, ? extends AbstractAuthenticationToken> jwtConverter, OpaqueTokenIntrospector introspector) {
        List<AuthenticationProvider> providers = new ArrayList<>(2);
        if (jwtDecoder != null) {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder);
            if (jwtConverter != null) {
                jwt.setJwtAuthenticationConverter(jwtConverter);
            }
            providers.add(jwt);
        }
        if (introspector != null) {
            providers.add(new OpaqueTokenAuthenticationProvider(introspector));
        }
        return providers.isEmpty() ? null : new ResourceServerTokenAuthenticator(new ProviderManager(providers));
    }

    @Override
    public Authentication authenticate(String token) {
        return manager.authenticate(new BearerTokenAuthenticationToken(token));
    }
}
