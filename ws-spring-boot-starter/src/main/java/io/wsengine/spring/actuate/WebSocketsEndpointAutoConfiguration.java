package io.wsengine.spring.actuate;

import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code websockets} Actuator endpoint, with Actuator on the classpath, when it is available
 * (Actuator's rules: enabled, and exposed over the web or JMX; over the web only with
 * {@code management.endpoints.web.exposure.include=websockets}).
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(WsServerLifecycle.class)
public class WebSocketsEndpointAutoConfiguration {

    /**
     * The endpoint.
     *
     * @param lifecycle gives the running server
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public WebSocketsEndpoint webSocketsEndpoint(WsServerLifecycle lifecycle) {
        return new WebSocketsEndpoint(lifecycle);
    }
}
