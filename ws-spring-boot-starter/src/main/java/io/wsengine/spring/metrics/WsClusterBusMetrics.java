package io.wsengine.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterCounters;
import java.util.function.ToDoubleFunction;

/**
 * The cluster bus's own counts ({@link WsClusterBus#counters()}) as function counters: read when
 * scraped, so the bus counts nothing twice and pays nothing per message for them.
 */
public class WsClusterBusMetrics {

    /**
     * Registers the bus's counters.
     *
     * @param bus      the cluster bus
     * @param registry where they are registered
     */
    public WsClusterBusMetrics(WsClusterBus bus, MeterRegistry registry) {
        WsClusterCounters counters = bus.counters();
        register(registry, counters, WsMeterNames.CLUSTER_PUBLISHED, "messages published to the bus",
                WsClusterCounters::published);
        register(registry, counters, WsMeterNames.CLUSTER_RECEIVED, "messages the bus delivered to this node",
                WsClusterCounters::received);
        register(registry, counters, WsMeterNames.CLUSTER_PUBLISH_FAILURES, "publications that failed",
                WsClusterCounters::publishFailures);
        register(registry, counters, WsMeterNames.CLUSTER_DROPPED, "publications dropped: too many in flight",
                WsClusterCounters::dropped);
        register(registry, counters, WsMeterNames.CLUSTER_MALFORMED, "envelopes received that could not be read",
                WsClusterCounters::malformed);
    }

    private static void register(MeterRegistry registry, WsClusterCounters counters, String name, String description,
                                 ToDoubleFunction<WsClusterCounters> count) {
        FunctionCounter.builder(name, counters, count).description(description).register(registry);
    }
}
