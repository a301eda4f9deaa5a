package io.wsengine.internal.server;

import io.wsengine.WsSession;
import java.security.Principal;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open sessions of a server, by route, by named group and by user (the principal's name), for fan-out. Safe for concurrent use;
 * views are live and weakly consistent: iteration never fails, and sees sessions that open or close
 * meanwhile or not.
 */
public final class SessionRegistry {
    private final ConcurrentMap<String, Set<WsSession>> byRoute = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<WsSession>> groups = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<WsSession>> byUser = new ConcurrentHashMap<>();

    void opened(String routePath, WsSession session, Principal principal) {
        byRoute.computeIfAbsent(routePath, path -> ConcurrentHashMap.newKeySet()).add(session);
        if (principal != null) {
            join(byUser, principal.getName(), session);
        }
    }

    void closed(String routePath, WsSession session, Principal principal) {
        Set<WsSession> sessions = byRoute.get(routePath);
        if (sessions != null) {
            sessions.remove(session);
        }
        if (principal != null) {
            leave(byUser, principal.getName(), session);
        }
    }

    /** Open sessions whose principal has this name, on any route; empty when the user has none. */
    public Set<WsSession> userSessions(String name) {
        Set<WsSession> sessions = byUser.get(name);
        return sessions == null ? Set.of() : Collections.unmodifiableSet(sessions);
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
        return join(groups, group, session);
    }

    boolean leave(String group, WsSession session) {
        return leave(groups, group, session);
    }

    private static boolean join(ConcurrentMap<String, Set<WsSession>> sets, String key, WsSession session) {
        boolean[] added = new boolean[1];
        sets.compute(key, (name, members) -> {
            Set<WsSession> set = members != null ? members : ConcurrentHashMap.newKeySet();
            added[0] = set.add(session);
            return set;
        });
        return added[0];
    }

    private static boolean leave(ConcurrentMap<String, Set<WsSession>> sets, String key, WsSession session) {
        boolean[] removed = new boolean[1];
        sets.computeIfPresent(key, (name, members) -> {
            removed[0] = members.remove(session);
            return members.isEmpty() ? null : members; // an empty group holds no memory
        });
        return removed[0];
    }
}
