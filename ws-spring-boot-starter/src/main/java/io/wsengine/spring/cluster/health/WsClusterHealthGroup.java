package io.wsengine.spring.cluster.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the Redis bus on, adds the health group {@code ws-cluster} with the bus's contributor
 * ({@code /actuator/health/ws-cluster}), as a default that the application's own
 * {@code management.endpoint.health.group.ws-cluster.*} properties override. A group of its own lets a
 * platform watch the bus apart from the application's liveness and readiness, which it is not in.
 */
public class WsClusterHealthGroup implements EnvironmentPostProcessor {
    static final String INCLUDE = "management.endpoint.health.group.ws-cluster.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("ws.cluster.redis.enabled", Boolean.class, false)
                || environment.containsProperty(INCLUDE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("wsClusterHealthGroup",
                Map.of(INCLUDE, "wsCluster", "management.endpoint.health.group.ws-cluster.show-details", "when-authorized")));
    }
}
