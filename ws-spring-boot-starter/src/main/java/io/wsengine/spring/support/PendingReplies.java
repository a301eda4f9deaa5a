package io.wsengine.spring.support;

import io.wsengine.WsSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replies that endpoint methods returned as stages not yet complete, per session: the close
 * frame waits for them too. A session has an entry only while one is outstanding, so sessions whose
 * methods reply at once cost nothing here.
 */
final class PendingReplies {
    /** Mutated only inside the map's compute functions, which lock the session's entry. */
    private static final class Count {
        int outstanding;
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private final Map<WsSession, Count> bySession = new ConcurrentHashMap<>();

    /** A reply stage of this session is outstanding from now on. */
    void started(WsSession session) {
        bySession.compute(session, (key, count) -> {
            Count counted = count != null ? count : new Count();
            counted.outstanding++;
            return counted;
        });
    }

    /** One of the session's reply stages completed, and its reply (if any) is queued. */
    void finished(WsSession session) {
        Count[] last = new Count[1];
        bySession.computeIfPresent(session, (key, count) -> {
            if (--count.outstanding > 0) {
                return count;
            }
            last[0] = count;
            return null;
        });
        if (last[0] != null) {
            last[0].done.complete(null);
        }
    }

    /** The session has closed: whatever it still awaited is let go, so nothing is kept for it. */
    void forget(WsSession session) {
        Count count = bySession.remove(session);
        if (count != null) {
            count.done.complete(null);
        }
    }

    /** A stage that completes once no reply stage of the session is outstanding; null when none is now. */
    CompletionStage<Void> whenNoneOutstanding(WsSession session) {
        Count count = bySession.get(session);
        return count == null ? null : count.done;
    }
}
