package io.wsengine.spring.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.cluster.WsClusterAutoConfiguration;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterProperties;
import io.wsengine.spring.cluster.WsRecovery;
import io.wsengine.spring.cluster.WsPresence;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The cluster bus on Redis pub/sub, with {@code ws.cluster.redis.enabled=true} and the application's
 * {@link RedisConnectionFactory} (its {@code spring.data.redis.*} settings). Backs off when the
 * application defines its own {@link WsClusterBus}. Presence across nodes ({@link RedisWsPresence}) on the
 * same connection, unless the application defines its own {@link WsPresence}.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = {WsServerAutoConfiguration.class,
        WsClusterAutoConfiguration.class})
@ConditionalOnClass({RedisConnectionFactory.class, RedisMessageListenerContainer.class})
@ConditionalOnProperty(prefix = WsClusterProperties.PREFIX + ".redis", name = "enabled", havingValue = "true")
public class WsRedisClusterAutoConfiguration {

    /**
     * The bus.
     *
     * @param connectionFactory the application's Redis connection
     * @param properties        the cluster's settings
     * @return the bus, started with the application context
     */
    @Bean
    @ConditionalOnMissingBean(WsClusterBus.class)
    @ConditionalOnBean(RedisConnectionFactory.class)
    public RedisClusterBus wsRedisClusterBus(RedisConnectionFactory connectionFactory, WsClusterProperties properties) {
        return new RedisClusterBus(connectionFactory, properties.nodeId(), properties.redis().channel(),
                properties.maxPending(), properties.redis().keyPrefix(), properties.recovery());
    }

    /**
     * Connection-state recovery for {@code ws.cluster.recovery.groups}.
     *
     * @param bus        the Redis bus
     * @param properties the cluster's settings
     * @return the recovery
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RedisClusterBus.class)
    public WsRecovery wsRecovery(RedisClusterBus bus, WsClusterProperties properties) {
        return new WsRecovery(bus, properties.recovery());
    }

    /**
     * Presence across nodes, in Redis sorted sets kept alive by their nodes.
     *
     * @param connectionFactory the application's Redis connection
     * @param properties        the cluster's settings
     * @return the presence, started with the application context
     */
    @Bean
    @ConditionalOnMissingBean(WsPresence.class)
    @ConditionalOnBean(RedisConnectionFactory.class)
    public RedisWsPresence wsRedisPresence(RedisConnectionFactory connectionFactory, WsClusterProperties properties) {
        WsClusterProperties.Presence presence = properties.presence();
        return new RedisWsPresence(connectionFactory, properties.nodeId(), properties.redis().keyPrefix(),
                presence.ttl(), presence.refreshInterval());
    }

    /**
     * Lettuce's bounds, so that nothing waits unbounded while Redis is down: commands are rejected
     * while disconnected, and at most {@code ws.cluster.redis.request-queue-size} wait.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientOptions.class)
    @ConditionalOnProperty(prefix = WsClusterProperties.PREFIX + ".redis", name = "bounded-client", matchIfMissing = true)
    static class BoundedLettuceConfiguration {
        @Bean
        LettuceClientOptionsBuilderCustomizer wsBoundedLettuceClientOptions(WsClusterProperties properties) {
            return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(properties.redis().requestQueueSize());
        }
    }
}
