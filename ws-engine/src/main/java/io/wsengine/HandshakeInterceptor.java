package io.wsengine;

import java.util.Map;

/**
 * Inspects an upgrade request before it is accepted: to authenticate from headers, cookies or query
 * parameters, refuse, and put what it learned (a principal, say) into the session's attributes.
 * Interceptors run on the event loop, after routing and the origin check, in the order configured;
 * the first refusal wins. They must be quick and must not block: a decision that needs a blocking
 * call (a token introspected over HTTP, a JWK set fetched) returns {@link HandshakeResult#deferred}
 * with a stage that another thread completes.
 */
@FunctionalInterface
public interface HandshakeInterceptor {

    /**
     * Decides one upgrade request. Called on the event loop, once the request is valid, routed and
     * its origin allowed, for each interceptor in turn until one refuses.
     *
     * @param request    the upgrade request, its path variables already matched
     * @param attributes the future session's attributes, writable, shared by the interceptors of
     *                   this request; neither keys nor values may be null
     * @return {@link HandshakeResult#accept()}, a refusal, or {@link HandshakeResult#deferred} to
     *         decide later; null, a thrown exception or a subprotocol the client did not offer
     *         refuses with {@code 500} (the last two are logged)
     */
    HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes);

    /**
     * Hears how the request ended, once it is decided: called on every interceptor whose
     * {@link #beforeHandshake} ran, in the same order, also when a later one refused. Called on the
     * thread that decided (the event loop, or a servlet container's request thread), before the 101
     * or the refusal is written; it must be quick, and what it throws is logged and ignored. Not
     * called when the connection ends while a deferred decision is awaited, nor for requests refused
     * before the interceptors run (not found, bad origin, malformed). Does nothing by default.
     *
     * @param request    the upgrade request
     * @param attributes the future session's attributes, still writable: what is removed now, the
     *                   session never has
     * @param status     101 when the upgrade was accepted, else the refusal's status
     */
    default void afterHandshake(HandshakeRequest request, Map<String, Object> attributes, int status) {
    }
}
