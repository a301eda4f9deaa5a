package io.wsengine.spring.security;

import io.wsengine.WsServer;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerConfigCustomizer;
import io.wsengine.spring.WsServerLifecycle;
import java.time.Clock;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring Security on the WebSocket server's own port, when Spring Security is on the classpath: the
 * {@link WsSecurityInterceptor} (first of the global interceptors), {@link WsTickets} with an
 * in-memory {@link WsTicketStore}, bearer tokens checked with the application's {@code JwtDecoder} or
 * {@code OpaqueTokenIntrospector} (with Spring Security's resource server on the classpath), the
 * {@link WsTicketController} (with Spring MVC), and a customizer that hides the ticket and the
 * subprotocol token from open sessions (the engine hides {@code Authorization} already). Off with
 * {@code ws.server.security.enabled=false}. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class, afterName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnClass({WsServer.class, Authentication.class})
@ConditionalOnBean(WsServerLifecycle.class)
@ConditionalOnProperty(prefix = WsSecurityProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsSecurityProperties.class)
public class WsSecurityAutoConfiguration {
    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsSecurityAutoConfiguration() {
    }

    /**
     * Keeps issued tickets in memory, at most {@code ws.server.security.ticket.max-outstanding}.
     *
     * @param properties the {@code ws.server.security.*} settings
     * @param clock      the application's unique {@link Clock} bean, if any; else the system clock
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public WsTicketStore wsTicketStore(WsSecurityProperties properties, ObjectProvider<Clock> clock) {
        return new InMemoryWsTicketStore(properties.ticket().maxOutstanding(), clock.getIfUnique(Clock::systemUTC));
    }

    /**
     * Issues and redeems one-time tickets.
     *
     * @param store      where tickets wait
     * @param properties the {@code ws.server.security.*} settings
     * @param clock      the application's unique {@link Clock} bean, if any; else the system clock
     * @return the tickets
     */
    @Bean
    @ConditionalOnMissingBean
    public WsTickets wsTickets(WsTicketStore store, WsSecurityProperties properties, ObjectProvider<Clock> clock) {
        return new WsTickets(store, properties.ticket().timeToLive(), clock.getIfUnique(Clock::systemUTC));
    }

    /**
     * Refuses upgrades without accepted credentials; runs before the application's global interceptors.
     *
     * @param tickets      redeems tickets
     * @param bearerTokens checks bearer tokens, when there is a way to
     * @param properties   the {@code ws.server.security.*} settings
     * @param beanFactory  where the endpoints are found
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public WsSecurityInterceptor wsSecurityInterceptor(WsTickets tickets,
                                                       ObjectProvider<WsBearerTokenAuthenticator> bearerTokens,
                                                       WsSecurityProperties properties, ListableBeanFactory beanFactory) {
        return new WsSecurityInterceptor(tickets, bearerTokens.getIfUnique(), properties, beanFactory);
    }

    /**
     * Hides the ticket and the token after {@value WsSecurityInterceptor#BEARER_SUBPROTOCOL} from open sessions.
     *
     * @return the customizer
     */
    @Bean
    public WsServerConfigCustomizer wsSecurityCredentialHiding() {
        return builder -> builder.hideQueryParameters(WsSecurityInterceptor.TICKET_PARAMETER)
                .hideSubprotocolAfter(WsSecurityInterceptor.BEARER_SUBPROTOCOL);
    }

    /** Bearer tokens, as Spring Security's resource server checks them. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({BearerTokenAuthenticationToken.class, JwtDecoder.class})
    static class BearerTokenConfiguration {
        @Bean
        @ConditionalOnMissingBean
        WsBearerTokenAuthenticator wsBearerTokenAuthenticator(ObjectProvider<JwtDecoder> jwtDecoder,
                ObjectProvider<Converter<Jwt, ? extends AbstractAuthenticationToken>> jwtConverter,
                ObjectProvider<OpaqueTokenIntrospector> introspector) {
            ResourceServerTokenAuthenticator authenticator = ResourceServerTokenAuthenticator.of(jwtDecoder.getIfUnique(),
                    jwtConverter.getIfUnique(), introspector.getIfUnique());
            return authenticator != null ? authenticator : token -> {
                throw new BadCredentialsException(
                        "bearer tokens are not accepted: the application has no JwtDecoder or OpaqueTokenIntrospector bean");
            };
        }
    }

    /** The ticket controller, for a Spring MVC application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DispatcherServlet.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class TicketControllerConfiguration {
        @Bean
        @ConditionalOnMissingBean
        WsTicketController wsTicketController(WsTickets tickets) {
            return new WsTicketController(tickets);
        }
    }
}
