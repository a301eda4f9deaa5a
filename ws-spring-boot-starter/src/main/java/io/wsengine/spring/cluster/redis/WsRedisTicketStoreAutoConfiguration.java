package io.wsengine.spring.cluster.redis;

import io.wsengine.WsServer;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.cluster.WsClusterProperties;
import io.wsengine.spring.security.WsSecurityAutoConfiguration;
import io.wsengine.spring.security.WsSecurityProperties;
import io.wsengine.spring.security.WsTicketStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.core.Authentication;

/**
 * Keeps WebSocket tickets in Redis ({@link RedisWsTicketStore}) when {@code ws.cluster.redis.enabled=true},
 * so that a ticket issued on one node opens a session on another. It needs Spring Security and Spring
 * Data Redis with the application's one {@link RedisConnectionFactory} (Spring Boot's, from
 * {@code spring.data.redis.*}). It runs before {@link WsSecurityAutoConfiguration}, whose in-memory store
 * then backs off, and applies only where that one would ({@code ws.server.security.enabled}, a running
 * server). An application's own {@link WsTicketStore} bean replaces it.
 */
@AutoConfiguration(before = WsSecurityAutoConfiguration.class, after = WsServerAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({WsServer.class, Authentication.class, RedisConnectionFactory.class})
@ConditionalOnBean(WsServerLifecycle.class)
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnProperty(prefix = WsClusterProperties.PREFIX + ".redis", name = "enabled", havingValue = "true")
@ConditionalOnProperty(prefix = WsSecurityProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsClusterProperties.class)
public class WsRedisTicketStoreAutoConfiguration {
    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsRedisTicketStoreAutoConfiguration() {
    }

    /**
     * Keeps tickets in Redis under {@code ws.cluster.redis.key-prefix}.
     *
     * @param connectionFactory the application's Redis connection
     * @param properties        the {@code ws.cluster.*} settings
     * @param clock             the application's unique {@link Clock} bean, if any, as the tickets use; else the
     *                          system clock
     * @param beanFactory       gives the class loader that reads the authentications back
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean(WsTicketStore.class)
    public RedisWsTicketStore redisWsTicketStore(RedisConnectionFactory connectionFactory, WsClusterProperties properties,
                                                 ObjectProvider<Clock> clock, ConfigurableListableBeanFactory beanFactory) {
        return new RedisWsTicketStore(connectionFactory, properties.redis().keyPrefix(),
                clock.getIfUnique(Clock::systemUTC), beanFactory.getBeanClassLoader());
    }
}
