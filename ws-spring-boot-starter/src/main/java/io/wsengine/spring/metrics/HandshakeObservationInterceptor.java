package io.wsengine.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Observes each upgrade request that reaches the interceptors (routed, its origin allowed): the
 * first interceptor of all ({@link PriorityOrdered}, ahead of the security check), it starts the
 * observation, and {@link #afterHandshake} stops it with the status, once the last interceptor or a
 * deferred decision has decided. The observation waits in the request's attributes meanwhile, and
 * leaves them before the session could see it. It is not made current while the other interceptors
 * run: a deferred decision ends on another thread, where a scope opened here could not be closed.
 */
final class HandshakeObservationInterceptor implements HandshakeInterceptor, PriorityOrdered {
    private static final WsHandshakeObservationConvention DEFAULT = new DefaultWsHandshakeObservationConvention();
    private static final String ATTRIBUTE = HandshakeObservationInterceptor.class.getName();

    private final ObservationRegistry registry;
    private final WsHandshakeObservationConvention convention;

    /** @param convention the application's, or null for the default */
    HandshakeObservationInterceptor(ObservationRegistry registry, WsHandshakeObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        if (!registry.isNoop()) {
            WsHandshakeObservationContext context = new WsHandshakeObservationContext(request);
            Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry);
            attributes.put(ATTRIBUTE, observation.start());
        }
        return HandshakeResult.accept();
    }

    @Override
    public void afterHandshake(HandshakeRequest request, Map<String, Object> attributes, int status) {
        if (attributes.remove(ATTRIBUTE) instanceof Observation observation) {
            if (observation.getContext() instanceof WsHandshakeObservationContext context) {
                context.setStatus(status);
            }
            observation.stop();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
