package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointMethodKind;

/**
 * Observes endpoint method calls: starts an observation before the call and opens its scope on the
 * calling thread (so a tracer makes the call's span current, and what the method does is traced
 * under it), then records a failure and stops it. Text and binary calls are observed only when
 * {@code ws.server.observations.messages=true}: one observation per message costs far more than
 * the message itself.
 */
final class EndpointObservationScope implements EndpointCallScope {
    private static final WsEndpointObservationConvention DEFAULT = new DefaultWsEndpointObservationConvention();

    private final ObservationRegistry registry;
    private final WsEndpointObservationConvention convention;
    private final boolean messages;

    /** @param convention the application's, or null for the default */
    EndpointObservationScope(ObservationRegistry registry, WsEndpointObservationConvention convention,
                             boolean messages) {
        this.registry = registry;
        this.convention = convention;
        this.messages = messages;
    }

    @Override
    public Object enter(WsSession session) {
        return null; // the starter always tells the kind
    }

    @Override
    public void exit(Object saved) {
        exit(saved, null);
    }

    @Override
    public Object enter(WsSession session, EndpointMethodKind kind) {
        if (kind == null || registry.isNoop()
                || (!messages && (kind == EndpointMethodKind.TEXT || kind == EndpointMethodKind.BINARY))) {
            return null;
        }
        Observation observation = Observation.createNotStarted(convention, DEFAULT,
                () -> new WsEndpointObservationContext(session, kind), registry).start();
        return observation.openScope();
    }

    @Override
    public void exit(Object saved, Throwable failure) {
        if (saved instanceof Observation.Scope scope) {
            Observation observation = scope.getCurrentObservation();
            scope.close();
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }
}
