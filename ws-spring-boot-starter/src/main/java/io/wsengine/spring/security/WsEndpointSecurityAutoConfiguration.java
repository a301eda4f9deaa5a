package io.wsengine.spring.security;

import io.wsengine.WsServer;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Spring Security for {@code @WsEndpoint} methods: each call runs with a {@code SecurityContext}
 * holding the session's principal when it is an {@code Authentication} (so {@code @PreAuthorize}
 * and {@code @Secured} work where the application enables method security), and a call refused by
 * method security closes its session with {@code 1008} when no {@code @OnError} method takes the
 * failure. Only this package names Spring Security's types, and it is loaded only where Spring
 * Security is on the classpath.
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class)
@ConditionalOnClass({WsServer.class, SecurityContextHolder.class})
@ConditionalOnBean(WsServerLifecycle.class)
public class WsEndpointSecurityAutoConfiguration {
    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsEndpointSecurityAutoConfiguration() {
    }

    /**
     * Sets the {@code SecurityContext} around every endpoint method call.
     *
     * @param strategy the application's holder strategy, when it defines one as a bean (as method
     *                 security then uses it too); else {@code SecurityContextHolder}'s
     * @return the call scope
     */
    @Bean
    @ConditionalOnMissingBean
    public SecurityContextCallScope wsSecurityContextCallScope(ObjectProvider<SecurityContextHolderStrategy> strategy) {
        SecurityContextHolderStrategy own = strategy.getIfAvailable();
        // SecurityContextHolder's is asked at each call, as method security does: it may be replaced later
        return new SecurityContextCallScope(own != null ? () -> own : SecurityContextHolder::getContextHolderStrategy);
    }

    /**
     * Closes a session with {@code 1008} when method security refused a call and no {@code @OnError}
     * method took the failure.
     *
     * @return the failure status
     */
    @Bean
    @ConditionalOnMissingBean
    public AccessDeniedCloseStatus wsAccessDeniedCloseStatus() {
        return new AccessDeniedCloseStatus();
    }
}
