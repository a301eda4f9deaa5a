package io.wsengine.internal.server;

import io.wsengine.WsSession;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open sessions of a server, by route and by named group, for fan-out. Safe for concurrent use;
 * views are live and weakly consistent: iteration never fails, and sees sessions that open or close
 * meanwhile or not.
 */
public final class SessionRegistry {
    private final ConcurrentMap<String, Set<WsSession>> byRoute = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<WsSession>> groups = new ConcurrentHashMap<>();

    void opened(String routePath, WsSession session) {
        byRoute.computeIfAbsent(routePath, path -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void closed(String routePath, WsSession session) {
        Set<WsSession> sessions = byRoute.get(routePath);
        if (sessions != null) {
            sessions.remove(session);
        }
    }

    /** Open sessions of the route with this path template. */
    public Set<WsSession> sessions(String routePath) {
        Set<WsSession> sessions = byRoute.get(routePath);
        return sessions == null ? Set.of() : Collections.unmodifiableSet(sessions);
    }

    /** Sessions in the group; empty when nobody is. */
    public Set<WsSession> group(String name) {
        Set<WsSession> members = groups.get(name);
        return members == null ? Set.of() : Collections.unmodifiableSet(members);
    }

    /** Names of the groups that have members. */
    public Set<String> groupNames() {
        return Collections.unmodifiableSet(groups.keySet());
    }

    boolean join(String group, WsSession session) {
        boolean[] added = new boolean[1];
        groups.compute(group, (name, members) -> {
            Set<WsSession> set = members != null ? members : ConcurrentHashMap.newKeySet();
            added[0] = set.add(session);
            return set;
        });
        return added[0];
    }

    boolean leave(String group, WsSession session) {
        boolean[] removed = new boolean[1];
        groups.computeIfPresent(group, (name, members) -> {
            removed[0] = members.remove(session);
            return members.isEmpty() ? null : members; // an empty group holds no memory
        });
        return removed[0];
    }
}
