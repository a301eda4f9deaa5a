package io.wsengine.spring.metrics;

import io.micrometer.common.KeyValues;

/**
 * The observation {@value #NAME}, named {@code "ws <method> <template>"} (the span's name, such as
 * {@code ws text /chat/{room}}), with the low-cardinality tags {@value #ENDPOINT} (the endpoint's path
 * template, never the requested path) and {@value #METHOD} ({@code open}, {@code text}, {@code binary},
 * {@code close}, {@code error}), and the high-cardinality tag {@value #SESSION_ID}.
 */
public class DefaultWsEndpointObservationConvention implements WsEndpointObservationConvention {
    /** The observation's name. */
    public static final String NAME = "ws.server.invocation";
    /** Low cardinality: the endpoint's path template. */
    public static final String ENDPOINT = "ws.endpoint";
    /** Low cardinality: which method. */
    public static final String METHOD = "ws.method";
    /** High cardinality: the session's id. */
    public static final String SESSION_ID = "ws.session.id";

    /** The convention the starter uses when the application defines none. */
    public DefaultWsEndpointObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(WsEndpointObservationContext context) {
        return "ws " + context.getKind().tagValue() + " " + context.getSession().routePath();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WsEndpointObservationContext context) {
        return KeyValues.of(ENDPOINT, context.getSession().routePath(), METHOD, context.getKind().tagValue());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WsEndpointObservationContext context) {
        return KeyValues.of(SESSION_ID, context.getSession().id());
    }
}
