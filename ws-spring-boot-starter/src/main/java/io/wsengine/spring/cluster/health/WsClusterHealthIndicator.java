package io.wsengine.spring.cluster.health;

import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterCounters;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The cluster bus's health, as {@code wsCluster}: up while it is subscribed and its last publish
 * went through; down while the broker is away (local delivery goes on meanwhile). Its details are the
 * node's id, what waits to be published, and the bus's counts.
 */
public class WsClusterHealthIndicator extends AbstractHealthIndicator {
    private final WsClusterBus bus;

    /**
     * @param bus the bus
     */
    public WsClusterHealthIndicator(WsClusterBus bus) {
        super("the cluster bus's health could not be read");
        this.bus = bus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        WsClusterCounters counters = bus.counters();
        (bus.isConnected() ? builder.up() : builder.down())
                .withDetail("node", bus.nodeId())
                .withDetail("pending", bus.pending())
                .withDetail("published", counters.published())
                .withDetail("publishFailures", counters.publishFailures())
                .withDetail("dropped", counters.dropped())
                .withDetail("received", counters.received());
    }
}
