package io.wsengine.spring.metrics;

import io.micrometer.common.KeyValues;

/**
 * The observation {@value #NAME}, named {@code "ws handshake <template>"} (the span's name, such as
 * {@code ws handshake /chat/{room}}), with the low-cardinality tags {@value #ENDPOINT} (the endpoint's
 * path template, never the requested path), {@value #STATUS} ({@code 101}, or the refusal's status)
 * and {@value #OUTCOME} ({@code accepted} or {@code refused}).
 */
public class DefaultWsHandshakeObservationConvention implements WsHandshakeObservationConvention {
    /** The observation's name. */
    public static final String NAME = "ws.server.handshake";
    /** Low cardinality: the endpoint's path template. */
    public static final String ENDPOINT = "ws.endpoint";
    /** Low cardinality: the response's status. */
    public static final String STATUS = "ws.status";
    /** Low cardinality: accepted or refused. */
    public static final String OUTCOME = "ws.outcome";

    /** The convention the starter uses when the application defines none. */
    public DefaultWsHandshakeObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(WsHandshakeObservationContext context) {
        return "ws handshake " + context.getRequest().routePath();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WsHandshakeObservationContext context) {
        int status = context.getStatus();
        return KeyValues.of(ENDPOINT, context.getRequest().routePath(), STATUS, Integer.toString(status),
                OUTCOME, status == 101 ? "accepted" : "refused");
    }
}
