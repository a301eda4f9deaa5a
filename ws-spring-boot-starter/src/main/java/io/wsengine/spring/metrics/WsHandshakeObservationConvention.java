package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an upgrade request's observation and its tags. Define a bean of this type to replace
 * {@link DefaultWsHandshakeObservationConvention}.
 */
public interface WsHandshakeObservationConvention extends ObservationConvention<WsHandshakeObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WsHandshakeObservationContext;
    }
}
