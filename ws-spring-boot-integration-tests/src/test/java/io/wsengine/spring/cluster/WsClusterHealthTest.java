package io.wsengine.spring.cluster;

import static io.wsengine.spring.cluster.ClusterNodes.bus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bus's health, on a real Redis: {@code wsCluster}, in a group of its own ({@code ws-cluster}), down
 * while Redis is, and up again after; liveness and readiness stay up meanwhile.
 */
class WsClusterHealthTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private final ClusterNodes nodes = new ClusterNodes();

    @AfterEach
    void stopNodes() {
        nodes.close();
        redis.start();
    }

    private static Status status(ConfigurableApplicationContext node, String path) {
        HealthDescriptor health = node.getBean(HealthEndpoint.class).healthForPath(path.split("/"));
        assertThat(health).as(path).isNotNull();
        return health.getStatus();
    }

    @Test
    void theBusIsDownWhileRedisIsAndOutOfLivenessAndReadiness() {
        ConfigurableApplicationContext node = nodes.start(redis, "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.probes.add-additional-paths=false");
        await().atMost(BOUND).until(() -> bus(node).isListening());
        assertThat(status(node, "ws-cluster")).isEqualTo(Status.UP);
        assertThat(status(node, "wsCluster")).isEqualTo(Status.UP);

        redis.stop();
        ClusterNodes.broadcaster(node).broadcast("/room/{name}", "while Redis is down");
        await().atMost(BOUND).until(() -> status(node, "ws-cluster").equals(Status.DOWN));
        assertThat(status(node, "liveness")).isEqualTo(Status.UP);
        assertThat(status(node, "readiness")).isEqualTo(Status.UP);

        redis.start();
        await().atMost(BOUND).until(() -> status(node, "ws-cluster").equals(Status.UP));
    }

    @Test
    void theApplicationsOwnGroupSettingWins() {
        ConfigurableApplicationContext node = nodes.start(redis,
                "management.endpoint.health.group.ws-cluster.include=ping");
        assertThat(node.getEnvironment().getProperty("management.endpoint.health.group.ws-cluster.include"))
                .isEqualTo("ping");
    }
}
