package io.wsengine;

import java.util.Map;

/**
 * Inspects an upgrade request before it is accepted: to authenticate from headers, cookies or query
 * parameters, refuse, and put what it learned (a principal, say) into the session's attributes.
 * Interceptors run on the event loop, after routing and the origin check, in the order configured;
 * the first refusal wins. They must be quick and must not block.
 */
@FunctionalInterface
public interface HandshakeInterceptor {

    /**
     * @param attributes the future session's attributes, writable
     * @return {@link HandshakeResult#accept()} or a refusal; an exception refuses with {@code 500}
     */
    HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes);
}
