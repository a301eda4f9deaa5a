package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /** {@return whether the bus can deliver now: subscribed, and its last publish went through} */
    default boolean isConnected() {
        return true;
    }

    /** {@return how many messages wait to be published now} */
    default int pending() {
        return 0;
    }

    /**
     * Whether messages to this target keep a replay window (connection-state recovery): the broker gives
     * each an id, and every node, the sending one included, delivers it once it has that id, so that the
     * group has one order everywhere. A bus without recovery says false.
     *
     * @param target the receivers
     * @return whether the target is a recovery group
     */
    default boolean keepsReplay(ClusterMessage.Target target) {
        return false;
    }

    /**
     * A recovery group's kept messages, oldest first, from an id on: the first is that id's message
     * while the group still keeps it.
     *
     * @param group  the group's name
     * @param fromId the id to start from, included
     * @return the messages with their ids; completed off the caller's thread
     */
    default CompletionStage<List<ClusterMessage>> history(String group, String fromId) {
        return CompletableFuture.failedStage(new UnsupportedOperationException("this cluster bus keeps no history"));
    }
}
