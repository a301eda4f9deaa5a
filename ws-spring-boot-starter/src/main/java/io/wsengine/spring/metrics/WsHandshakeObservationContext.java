package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.wsengine.HandshakeRequest;

/** What an observation of one upgrade request knows: the request, and once decided, its status. */
public class WsHandshakeObservationContext extends Observation.Context {
    private final HandshakeRequest request;
    private int status;

    /** @param request the upgrade request, routed to an endpoint */
    public WsHandshakeObservationContext(HandshakeRequest request) {
        this.request = request;
    }

    /** {@return the upgrade request} */
    public HandshakeRequest getRequest() {
        return request;
    }

    /** {@return 101 when the upgrade was accepted, else the refusal's status; 0 until decided} */
    public int getStatus() {
        return status;
    }

    /** @param status how the request ended: 101, or the refusal's status */
    public void setStatus(int status) {
        this.status = status;
    }
}
