package io.wsengine.spring.actuate;

import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The WebSocket server's health contributor, {@code wsServer}, with Actuator's health on the
 * classpath; off with {@code management.health.wsserver.enabled=false}.
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WsServerLifecycle.class)
@ConditionalOnEnabledHealthIndicator("wsserver")
@EnableConfigurationProperties(WsServerHealthProperties.class)
public class WsServerHealthAutoConfiguration {

    /**
     * The server's health.
     *
     * @param lifecycle  gives the running server
     * @param properties {@code ws.server.health.*}
     * @return the indicator, named {@code wsServer}
     */
    @Bean(name = "wsServerHealthIndicator")
    @ConditionalOnMissingBean(name = "wsServerHealthIndicator")
    public WsServerHealthIndicator wsServerHealthIndicator(WsServerLifecycle lifecycle,
                                                           WsServerHealthProperties properties) {
        return new WsServerHealthIndicator(lifecycle, properties.getMaxLoopLag());
    }
}
