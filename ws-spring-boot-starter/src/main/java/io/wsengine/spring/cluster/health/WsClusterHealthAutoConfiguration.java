package io.wsengine.spring.cluster.health;

import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.redis.WsRedisClusterAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The cluster bus's health contributor, {@code wsCluster}, with Actuator's health on the classpath.
 * {@link WsClusterHealthGroup} puts it in a group of its own, {@code ws-cluster}; Boot's liveness and
 * readiness groups do not include it unless the application says so.
 */
@AutoConfiguration(after = WsRedisClusterAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WsClusterBus.class)
public class WsClusterHealthAutoConfiguration {

    /**
     * The bus's health.
     *
     * @param bus the bus
     * @return the indicator, named {@code wsCluster}
     */
    @Bean(name = "wsClusterHealthIndicator")
    @ConditionalOnMissingBean(name = "wsClusterHealthIndicator")
    public WsClusterHealthIndicator wsClusterHealthIndicator(WsClusterBus bus) {
        return new WsClusterHealthIndicator(bus);
    }
}
