package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an endpoint method call's observation and its tags. Define a bean of this type to replace
 * {@link DefaultWsEndpointObservationConvention}.
 */
public interface WsEndpointObservationConvention extends ObservationConvention<WsEndpointObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WsEndpointObservationContext;
    }
}
