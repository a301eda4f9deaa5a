package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import java.util.function.Consumer;

/**
 * Where the nodes of one application tell each other what to deliver: {@code WsBroadcaster}
 * delivers to its own node's sessions and publishes the message here once; every other node gets it
 * and delivers it to its sessions. The starter's implementation is on Redis pub/sub
 * ({@code ws.cluster.redis.enabled}); a bean of this type replaces it.
 */
public interface WsClusterBus {

    /** {@return this node's id, unique among the nodes} */
    String nodeId();

    /**
     * Hands a message to the other nodes. Never blocks, and may be called from any thread, an event
     * loop's included: what cannot be published at once waits, bounded, and the oldest is dropped
     * (and counted) past the bound.
     *
     * @param target  whose sessions get it, on the other nodes
     * @param message the message, encoded once
     */
    void publish(ClusterMessage.Target target, PreparedMessage message);

    /**
     * Sets what receives the other nodes' messages, in the order each sender published them; called
     * once, before the bus starts.
     *
     * @param receiver called with every message of another node, on the bus's thread
     */
    void receiveWith(Consumer<ClusterMessage> receiver);

    /** {@return the bus's counts so far} */
    WsClusterCounters counters();
}
