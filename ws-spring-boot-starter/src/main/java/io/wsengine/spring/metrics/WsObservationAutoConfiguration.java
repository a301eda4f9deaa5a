package io.wsengine.spring.metrics;

import io.micrometer.observation.ObservationRegistry;
import io.wsengine.HandshakeInterceptor;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.support.EndpointCallScope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer Observation around endpoint method calls ({@value DefaultWsEndpointObservationConvention#NAME}),
 * when the application has an {@link ObservationRegistry} bean (Spring Boot's, with Actuator; with
 * Micrometer Tracing, each observation is a span). {@code @OnOpen}, {@code @OnClose} and {@code @OnError}
 * calls are observed; message calls only with {@code ws.server.observations.messages=true}. Each
 * upgrade request that reaches the interceptors is observed too ({@value DefaultWsHandshakeObservationConvention#NAME}),
 * unless {@code ws.server.observations.handshakes=false}.
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = WsServerProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsObservationProperties.class)
public class WsObservationAutoConfiguration {

    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsObservationAutoConfiguration() {
    }

    /**
     * Observes endpoint method calls.
     *
     * @param registry   the application's observation registry
     * @param convention the application's convention, if it defines one
     * @param properties {@code ws.server.observations.*}
     * @return the call scope
     */
    @Bean
    @ConditionalOnMissingBean(name = "wsEndpointObservationScope")
    public EndpointCallScope wsEndpointObservationScope(ObservationRegistry registry,
            ObjectProvider<WsEndpointObservationConvention> convention, WsObservationProperties properties) {
        return new EndpointObservationScope(registry, convention.getIfAvailable(), properties.isMessages());
    }

    /**
     * Observes upgrade requests: the first interceptor of all.
     *
     * @param registry   the application's observation registry
     * @param convention the application's convention, if it defines one
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean(name = "wsHandshakeObservation")
    @ConditionalOnProperty(prefix = WsObservationProperties.PREFIX, name = "handshakes", matchIfMissing = true)
    public HandshakeInterceptor wsHandshakeObservation(ObservationRegistry registry,
            ObjectProvider<WsHandshakeObservationConvention> convention) {
        return new HandshakeObservationInterceptor(registry, convention.getIfAvailable());
    }
}
