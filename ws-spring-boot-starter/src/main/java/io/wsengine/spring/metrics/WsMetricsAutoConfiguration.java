package io.wsengine.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerConfigCustomizer;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.support.EndpointCallScope;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters for the WebSocket server, when Micrometer is on the class path and the
 * application has a {@link MeterRegistry} bean (Spring Boot's, with Actuator): a
 * {@link WsServerMetrics} listener added to the engine's configuration, the timing of endpoint
 * methods, and the cluster bus's counts when there is a bus. Without a registry no listener is
 * added, and the engine makes no listener calls at all. Each bean backs off when the application
 * defines its own of the same name (or, for {@link WsServerMetrics}, type).
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "io.wsengine.spring.cluster.redis.WsRedisClusterAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = WsServerProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsMetricsProperties.class)
public class WsMetricsAutoConfiguration {

    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsMetricsAutoConfiguration() {
    }

    /**
     * The listener that counts into the registry.
     *
     * @param registry  the application's registry
     * @param lifecycle the server's, for the gauge of queued bytes
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    public WsServerMetrics wsServerMetrics(MeterRegistry registry, ObjectProvider<WsServerLifecycle> lifecycle) {
        Supplier<WsServer> server = () -> {
            WsServerLifecycle running = lifecycle.getIfAvailable();
            return running == null ? null : running.server();
        };
        return new WsServerMetrics(registry, server);
    }

    /**
     * Adds the listener to the engine's configuration and registers each route's meters, so that they
     * read 0 before the route's first session.
     *
     * @param metrics the listener
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "wsServerMetricsCustomizer")
    public WsServerConfigCustomizer wsServerMetricsCustomizer(WsServerMetrics metrics) {
        return builder -> {
            builder.listener(metrics);
            try {
                // the builder shows its routes only through build(); its own build right after reports any fault
                WsServerConfig config = builder.build();
                config.routes().stream().map(WsRoute::path).forEach(metrics::register);
                metrics.registerLoops(config.eventLoops());
            } catch (IllegalArgumentException faultReportedByTheRealBuild) {
                // meters are then registered by the first session of each route
            }
        };
    }

    /**
     * Times endpoint method calls ({@value WsMeterNames#INVOCATIONS}).
     *
     * @param metrics    where the timers are
     * @param properties whether message calls are timed too
     * @return the call scope
     */
    @Bean
    @ConditionalOnMissingBean(name = "wsEndpointTimingScope")
    public EndpointCallScope wsEndpointTimingScope(WsServerMetrics metrics, WsMetricsProperties properties) {
        return new EndpointTimingScope(metrics, properties.isTimeMessages());
    }

    /** The cluster bus's counts, when the application runs as several nodes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(WsClusterBus.class)
    static class ClusterBusMetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        WsClusterBusMetrics wsClusterBusMetrics(WsClusterBus bus, MeterRegistry registry) {
            return new WsClusterBusMetrics(bus, registry);
        }
    }
}
