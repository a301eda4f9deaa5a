package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointMethodKind;

/** What an observation of one endpoint method call knows: the session and which method runs. */
public class WsEndpointObservationContext extends Observation.Context {
    private final WsSession session;
    private final EndpointMethodKind kind;

    /**
     * @param session the session whose endpoint method runs
     * @param kind    which method
     */
    public WsEndpointObservationContext(WsSession session, EndpointMethodKind kind) {
        this.session = session;
        this.kind = kind;
    }

    /** {@return the session whose endpoint method runs} */
    public WsSession getSession() {
        return session;
    }

    /** {@return which method runs} */
    public EndpointMethodKind getKind() {
        return kind;
    }
}
