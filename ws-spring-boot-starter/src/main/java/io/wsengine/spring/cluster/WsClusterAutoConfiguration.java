package io.wsengine.spring.cluster;

import io.wsengine.spring.WsServerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The cluster's settings ({@code ws.cluster.*}), and a start-up failure when they ask for a bus that
 * cannot be made: {@code ws.cluster.redis.enabled=true} without Spring Data Redis or without a
 * {@code RedisConnectionFactory} would otherwise leave each node alone, silently. Without the cluster,
 * presence ({@link WsPresence}) answers from this node's memory.
 */
@AutoConfiguration(before = WsServerAutoConfiguration.class)
@EnableConfigurationProperties(WsClusterProperties.class)
public class WsClusterAutoConfiguration {

    /**
     * Fails start-up when the Redis bus is enabled but missing, or recovery is asked for without one.
     *
     * @param bus        the bus, if one was made
     * @param properties the cluster's settings
     * @return the check, run once all singletons exist
     */
    @Bean
    static SmartInitializingSingleton wsClusterBusCheck(ObjectProvider<WsClusterBus> bus, WsClusterProperties properties) {
        return () -> {
            WsClusterBus made = bus.getIfAvailable();
            if (made == null && !properties.recovery().groups().isEmpty()) {
                throw new IllegalStateException(WsClusterProperties.PREFIX + ".recovery.groups is set, but there is no"
                        + " cluster bus to keep them: recovery needs " + WsClusterProperties.PREFIX + ".redis.enabled=true");
            }
            if (made == null && properties.redis().enabled()) {
                throw new IllegalStateException(WsClusterProperties.PREFIX + ".redis.enabled=true, but there is no"
                        + " cluster bus: it needs Spring Data Redis with Lettuce (spring-boot-starter-data-redis) and a"
                        + " RedisConnectionFactory (spring.data.redis.*)");
            }
        };
    }

    /**
     * Presence on this node alone, when no cluster presence (Redis) or application bean is there: the
     * application codes against one {@link WsPresence} either way.
     *
     * @return the presence
     */
    @Bean
    @ConditionalOnMissingBean(WsPresence.class)
    public InMemoryWsPresence wsPresence() {
        return new InMemoryWsPresence();
    }
}
