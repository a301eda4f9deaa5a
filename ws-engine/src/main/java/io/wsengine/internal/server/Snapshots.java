package io.wsengine.internal.server;

import io.wsengine.ServerSnapshot;
import io.wsengine.SessionSnapshot;
import io.wsengine.WsRoute;
import io.wsengine.WsSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes a {@link ServerSnapshot}: the routes' counts from the registry (a set's size each), and the
 * sessions of one route from the loops that own them, each loop describing its own between its
 * other work, so that nothing on the hot path counts or walks sessions for it.
 */
final class Snapshots {
    private Snapshots() {
    }

    static CompletionStage<ServerSnapshot> take(ServerContext context, EventLoop[] loops, String routePath) {
        Instant now = Instant.now();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (WsRoute route : context.config.routes()) {
            counts.put(route.path(), context.registry.sessions(route.path()).size());
        }
        if (routePath == null) {
            return CompletableFuture.completedFuture(new ServerSnapshot(now, counts, List.of()));
        }
        Set<WsSession> sessions = context.registry.sessions(routePath);
        List<CompletableFuture<List<SessionSnapshot>>> parts = new ArrayList<>(loops.length);
        for (EventLoop loop : loops) {
            CompletableFuture<List<SessionSnapshot>> part = new CompletableFuture<>();
            parts.add(part);
            loop.execute(() -> part.complete(describe(sessions, loop)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<SessionSnapshot> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            all.sort(Comparator.comparing(SessionSnapshot::openedAt).thenComparing(SessionSnapshot::id));
            return new ServerSnapshot(now, counts, all);
        });
    }

    /** The loop's own open sessions among these. Event loop only. */
    private static List<SessionSnapshot> describe(Set<WsSession> sessions, EventLoop loop) {
        List<SessionSnapshot> own = new ArrayList<>();
        for (WsSession session : sessions) {
            if (session instanceof Connection connection && connection.loop == loop && !connection.released) {
                own.add(connection.snapshot());
            }
        }
        return own;
    }
}
