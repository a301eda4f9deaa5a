package io.wsengine.spring.security;

import io.wsengine.internal.routing.Router;
import io.wsengine.spring.WsEndpoint;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * What the security interceptor needs to know of each {@link WsEndpoint}: whether it is
 * {@link WsPermitAll}, and its subprotocols (so that the companion subprotocol is answered only where the
 * endpoint's own negotiation picks none). Found by path as the engine routes it.
 */
final class EndpointRules {
    /** The rule of a path no endpoint has (the engine answers those 404 before interceptors run). */
    static final Rule SECURED = new Rule(false, List.of());

    /**
     * @param permitAll    whether upgrades without credentials are let through
     * @param subprotocols the endpoint's subprotocols, in its order of preference
     */
    record Rule(boolean permitAll, List<String> subprotocols) {
        /** {@return whether the endpoint's negotiation picks one of the offered subprotocols} */
        boolean negotiatesOneOf(List<String> offered) {
            return subprotocols.stream().anyMatch(offered::contains);
        }
    }

    private final Router<Rule> router = new Router<>();

    private EndpointRules() {
    }

    /** The rules of the endpoint beans, read from their types (no bean is created). */
    static EndpointRules of(ListableBeanFactory beanFactory) {
        EndpointRules rules = new EndpointRules();
        for (String name : beanFactory.getBeanNamesForAnnotation(WsEndpoint.class)) {
            Class<?> type = beanFactory.getType(name);
            if (type == null) {
                continue;
            }
            Class<?> userType = ClassUtils.getUserClass(type);
            WsEndpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(userType, WsEndpoint.class);
            if (endpoint == null) {
                continue;
            }
            boolean permitAll = AnnotatedElementUtils.hasAnnotation(userType, WsPermitAll.class);
            try {
                rules.router.add(endpoint.path(), new Rule(permitAll, List.of(endpoint.subprotocols())));
            } catch (IllegalArgumentException e) {
                // a bad or duplicate path: the endpoint registry fails start-up naming it
            }
        }
        return rules;
    }

    /** {@return the rule of the endpoint at this (raw) path} */
    Rule forPath(String rawPath) {
        Router.Match<Rule> match = router.route(rawPath);
        return match == null ? SECURED : match.target();
    }
}
