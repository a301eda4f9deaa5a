package io.wsengine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server at one moment, for operators ({@link WsServer#snapshot}): how many sessions each route
 * has, and, for the route asked about, each of its sessions. Taken off the hot path: each event loop
 * describes its own sessions when asked, between its other work.
 *
 * @param takenAt          when it was taken
 * @param sessionsPerRoute every route's path template, with its open sessions' count, in the configured order
 * @param sessions         the sessions of the route asked about, by opening time; empty when none was asked about
 */
public record ServerSnapshot(Instant takenAt, Map<String, Integer> sessionsPerRoute, List<SessionSnapshot> sessions) {
    /**
     * Copies the collections, so that a snapshot does not change.
     *
     * @param takenAt          when it was taken
     * @param sessionsPerRoute every route's session count
     * @param sessions         the described sessions
     */
    public ServerSnapshot {
        sessionsPerRoute = Collections.unmodifiableMap(new LinkedHashMap<>(sessionsPerRoute));
        sessions = List.copyOf(sessions);
    }
}
