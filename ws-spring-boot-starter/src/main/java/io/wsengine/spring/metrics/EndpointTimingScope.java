package io.wsengine.spring.metrics;

import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointMethodKind;
import java.util.concurrent.TimeUnit;

/**
 * Times endpoint method calls into {@link WsMeterNames#INVOCATIONS}: open, close and error calls always,
 * message calls with {@code ws.server.metrics.time-messages}. A thread reuses one holder
 * for the start time, so a call allocates nothing here; a call made from inside another on the same
 * thread gets a holder of its own.
 */
final class EndpointTimingScope implements EndpointCallScope {
    private final WsServerMetrics metrics;
    private final boolean timeMessages;
    private final ThreadLocal<Timing> current = ThreadLocal.withInitial(Timing::new);

    EndpointTimingScope(WsServerMetrics metrics, boolean timeMessages) {
        this.metrics = metrics;
        this.timeMessages = timeMessages;
    }

    private static final class Timing {
        boolean busy;
        long start;
        EndpointMeters meters;
        EndpointMethodKind kind;
    }

    @Override
    public Object enter(WsSession session) {
        return null; // the starter always tells the kind; without it there is no timer to record into
    }

    @Override
    public void exit(Object saved) {
        exit(saved, null);
    }

    @Override
    public Object enter(WsSession session, EndpointMethodKind kind) {
        if (kind == null || !timeMessages && (kind == EndpointMethodKind.TEXT || kind == EndpointMethodKind.BINARY)) {
            return null; // message calls are timed on request only (ws.server.metrics.time-messages)
        }
        Timing timing = current.get();
        if (timing.busy) {
            timing = new Timing();
        }
        timing.busy = true;
        timing.meters = metrics.endpoint(session.routePath());
        timing.kind = kind;
        timing.start = System.nanoTime();
        return timing;
    }

    @Override
    public void exit(Object saved, Throwable failure) {
        if (saved instanceof Timing timing) {
            timing.meters.invocations(timing.kind, failure != null)
                    .record(System.nanoTime() - timing.start, TimeUnit.NANOSECONDS);
            timing.busy = false;
            timing.meters = null;
        }
    }
}
