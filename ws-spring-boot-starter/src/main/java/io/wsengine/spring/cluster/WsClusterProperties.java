package io.wsengine.spring.cluster;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several application nodes as one WebSocket server, under {@code ws.cluster}: broadcasts, group
 * publishes and sends to a user reach the sessions of every node through a cluster bus.
 *
 * @param nodeId     This node's name on the bus, unique among the nodes. Not set: a random one at each start, which
 *                   is what most deployments want; set it to find a node in logs.
 * @param maxPending Messages waiting to be published to the bus, at most, while it is slow or disconnected; past it
 *                   the oldest are dropped (and counted), so that an outage never costs unbounded memory. At least 1.
 * @param redis      The bus on Redis pub/sub.
 * @param recovery   Groups whose messages are kept in Redis for a while, so that a client that reconnects (to any
 *                   node) gets what it missed.
 * @param presence   Who is in a group on every node (WsPresence), with the Redis bus.
 */
@ConfigurationProperties(WsClusterProperties.PREFIX)
public record WsClusterProperties(String nodeId, @DefaultValue("10000") int maxPending,
                                  @DefaultValue Redis redis, @DefaultValue Recovery recovery,
                                  @DefaultValue Presence presence) {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.cluster";

    /**
     * Checks the values when the properties are bound, so that a bad one fails start-up naming its property.
     *
     * @param nodeId     this node's name, or null for a random one (a UUID)
     * @param maxPending messages waiting to be published, at least 1
     * @param redis      the Redis bus's settings
     * @param recovery   the groups that keep a replay window
     * @param presence   the cluster presence's settings
     * @throws IllegalArgumentException if a value is out of range
     */
    public WsClusterProperties {
        if (maxPending < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-pending must be at least 1, not " + maxPending);
        }
        if (nodeId == null) {
            nodeId = UUID.randomUUID().toString();
        } else if (nodeId.isBlank() || nodeId.length() > 200) {
            throw new IllegalArgumentException(PREFIX + ".node-id must have 1 to 200 characters, not '" + nodeId + "'");
        }
    }

    /**
     * The bus on Redis, with the application's own {@code spring.data.redis.*} connection.
     *
     * @param enabled       Whether the nodes share broadcasts through Redis pub/sub (and keep tickets there). Needs
     *                      Spring Data Redis with Lettuce (spring-boot-starter-data-redis).
     * @param keyPrefix     Prefix of every Redis key and channel the starter uses, so that several applications can
     *                      share one Redis: the bus's channel is PREFIX + "bus".
     * @param boundedClient Whether the starter sets Lettuce's client options on the application's Redis connection so
     *                      that nothing waits unbounded while Redis is down: commands are rejected while disconnected
     *                      (instead of buffered), and at most request-queue-size commands wait. Applies to every user
     *                      of the application's RedisConnectionFactory.
     * @param requestQueueSize Commands Lettuce holds per connection at most, with bounded-client. At least 1.
     */
    public record Redis(@DefaultValue("false") boolean enabled, @DefaultValue("wsengine:") String keyPrefix,
                        @DefaultValue("true") boolean boundedClient, @DefaultValue("10000") int requestQueueSize) {
        /**
         * Checks the values.
         *
         * @param enabled          whether the Redis bus is on
         * @param keyPrefix        prefix of the starter's keys and channels
         * @param boundedClient    whether Lettuce's client options are bounded
         * @param requestQueueSize Lettuce's request queue, at least 1
         * @throws IllegalArgumentException if a value is out of range
         */
        public Redis {
            if (requestQueueSize < 1) {
                throw new IllegalArgumentException(PREFIX + ".redis.request-queue-size must be at least 1, not "
                        + requestQueueSize);
            }
            if (keyPrefix == null) {
                keyPrefix = "";
            }
        }

        /** {@return the pub/sub channel of the bus} */
        public String channel() {
            return keyPrefix + "bus";
        }
    }

    /**
     * Connection-state recovery: a group that matches keeps its last messages in a capped Redis stream,
     * every message carries the stream entry's id, and a client that reconnects with the last id it saw
     * gets the messages it missed, in order, before new ones. Needs the Redis bus.
     *
     * @param groups     Names of the groups that keep a replay window; a name ending in * matches every group that
     *                   starts with what comes before it (room:* matches room:lobby). Empty: no group does.
     * @param maxLength  Messages each such group keeps. A client that missed more is told of the gap. At least 1.
     * @param timeToLive How long a group's stream stays in Redis after its last message. At least 1 second.
     * @param queryParameter The query parameter by which a client says the id of the last message it saw, when it
     *                   connects (?lastId=1733131200000-0).
     */
    public record Recovery(@DefaultValue List<String> groups, @DefaultValue("1000") int maxLength,
                           @DefaultValue("1d") Duration timeToLive, @DefaultValue("lastId") String queryParameter) {
        /**
         * Checks the values.
         *
         * @param groups         the recovery groups' names or prefixes
         * @param maxLength      messages kept per group, at least 1
         * @param timeToLive     how long an idle group's stream stays, at least 1 s
         * @param queryParameter the query parameter of the last id
         * @throws IllegalArgumentException if a value is out of range
         */
        public Recovery {
            groups = List.copyOf(groups);
            if (maxLength < 1) {
                throw new IllegalArgumentException(PREFIX + ".recovery.max-length must be at least 1, not " + maxLength);
            }
            if (timeToLive.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(PREFIX + ".recovery.time-to-live must be at least 1s, not " + timeToLive);
            }
            if (queryParameter == null || queryParameter.isBlank()) {
                throw new IllegalArgumentException(PREFIX + ".recovery.query-parameter must not be empty");
            }
            for (String group : groups) {
                if (group.isEmpty() || group.indexOf('*') >= 0 && group.indexOf('*') != group.length() - 1) {
                    throw new IllegalArgumentException(PREFIX + ".recovery.groups: '" + group
                            + "' is neither a group's name nor a prefix followed by *");
                }
            }
        }

        /**
         * {@return whether the group keeps a replay window}
         *
         * @param group the group's name
         */
        public boolean keeps(String group) {
            for (String pattern : groups) {
                if (pattern.endsWith("*") ? group.startsWith(pattern.substring(0, pattern.length() - 1)) : group.equals(pattern)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Presence across nodes (WsPresence) on Redis: each node keeps its own sessions' entries alive, so
     * that those of a node that is gone drop out by themselves.
     *
     * @param ttl             How long an entry stays without its node refreshing it: a crashed or cut-off node's
     *                        sessions are no longer present after at most this long. Also the expiry of a group's
     *                        key, so that an abandoned group leaves nothing in Redis.
     * @param refreshInterval How often a node refreshes its entries. Shorter than ttl; a third of it leaves room
     *                        for two refreshes to fail before an entry of a live node lapses.
     */
    public record Presence(@DefaultValue("30s") Duration ttl, @DefaultValue("10s") Duration refreshInterval) {
        /**
         * Checks the values.
         *
         * @param ttl             an entry's life without a refresh, positive
         * @param refreshInterval the time between refreshes, positive and shorter than the ttl
         * @throws IllegalArgumentException if a value is out of range
         */
        public Presence {
            if (ttl == null || ttl.toMillis() < 1) {
                throw new IllegalArgumentException(PREFIX + ".presence.ttl must be at least 1ms, not " + ttl);
            }
            if (refreshInterval == null || refreshInterval.toMillis() < 1) {
                throw new IllegalArgumentException(PREFIX + ".presence.refresh-interval must be at least 1ms, not "
                        + refreshInterval);
            }
            if (refreshInterval.compareTo(ttl) >= 0) {
                throw new IllegalArgumentException(PREFIX + ".presence.refresh-interval (" + refreshInterval
                        + ") must be shorter than " + PREFIX + ".presence.ttl (" + ttl + "): entries of a live node"
                        + " would lapse between refreshes");
            }
        }
    }
}
