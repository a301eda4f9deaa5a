package io.wsengine.spring.cluster;

import io.wsengine.WsSession;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Who is in a group, on every node: a session enters a group under a name the application chooses (a
 * nickname, a user name) and is present until it leaves, or closes, whoever closed it. Presence is
 * apart from {@link WsSession#join(String)}: a group here is any name, and may or may not be a
 * broadcast group of the same name.
 * <p>
 * Without the cluster ({@code ws.cluster.redis.enabled} false), the starter's bean answers from this
 * node's memory ({@link InMemoryWsPresence}); with it, from Redis ({@code RedisWsPresence}), where each
 * node keeps its own sessions' entries alive and a node that is gone (crashed, cut off) drops out within
 * {@code ws.cluster.presence.ttl}. A bean of this type replaces the starter's.
 */
public interface WsPresence {

    /**
     * Makes the session present in the group under this name, until {@link #leave} or until the session
     * closes. Entering again with another name renames the session's entry. Never blocks, and may be
     * called from any thread, an event loop's included; with the cluster, the other nodes see it once it
     * has reached Redis (at once, unless Redis is unreachable: then with the next refresh that succeeds).
     *
     * @param session the session, on this node
     * @param group   the group's name
     * @param member  the name to show for the session; several sessions may share one
     * @return false, doing nothing, if the session is no longer open
     */
    boolean enter(WsSession session, String group, String member);

    /**
     * Takes the session out of the group. Never blocks, from any thread.
     *
     * @param session the session
     * @param group   the group's name
     * @return true if it was present there
     */
    boolean leave(WsSession session, String group);

    /**
     * The distinct names present in the group, on every node. With the cluster it reads Redis on the
     * calling thread: it blocks it for a round trip (at most the Redis client's command timeout,
     * {@code spring.data.redis.timeout}), so call it from a request thread or an endpoint on an executor,
     * never from an event loop (an endpoint with event-loop dispatch, or a send's callback): use
     * {@link #membersAsync} there. This node's own sessions are always as of now; other nodes' as of
     * their last write.
     *
     * @param group the group's name
     * @return the names, a snapshot; empty when nobody is present
     * @throws WsPresenceUnavailableException if Redis could not be read: the answer would leave out every
     *                                        other node, so none is given
     */
    Set<String> members(String group);

    /**
     * {@link #members} without blocking the caller: safe from an event loop.
     *
     * @param group the group's name
     * @return completed with the names, on a thread of the presence's (with the cluster), or failed with
     *         {@link WsPresenceUnavailableException}; do not block in what depends on it
     */
    CompletionStage<Set<String>> membersAsync(String group);
}
