package io.wsengine.spring.support;

import io.wsengine.WsSession;

/**
 * Prepares the thread that calls an endpoint method, and restores it afterwards. {@link #enter} runs
 * right before each call of an {@code @OnOpen}, {@code @OnTextMessage}, {@code @OnBinaryMessage},
 * {@code @OnClose} or {@code @OnError} method, on the thread that makes the call (an executor's, an
 * event loop's, a virtual one), and {@link #exit} right after, whether the method returned or threw.
 * The starter's integrations provide them as beans (the Spring Security one sets the
 * {@code SecurityContext} from the session's principal); they apply to every endpoint, entered in
 * their order and exited in reverse. Both run for every call: keep them cheap, and never block.
 * <p>
 * The starter calls the overloads that also tell which method runs and how it ended
 * ({@link #enter(WsSession, EndpointMethodKind)}, {@link #exit(Object, Throwable)}); by default they
 * delegate to the two that do not, so a scope that needs neither implements only those.
 */
public interface EndpointCallScope {

    /**
     * Prepares the current thread for a call of the session's endpoint method.
     *
     * @param session the session whose endpoint method is about to run
     * @return what {@link #exit} needs to put the thread back as it was; may be null
     */
    Object enter(WsSession session);

    /**
     * Puts the current thread back as it was before {@link #enter}.
     *
     * @param saved what {@link #enter} returned for this call
     */
    void exit(Object saved);

    /**
     * Prepares the current thread for a call of one kind of endpoint method: what a scope overrides
     * when it needs the kind (to time calls per kind, say).
     *
     * @param session the session whose endpoint method is about to run
     * @param kind    which method
     * @return what {@link #exit(Object, Throwable)} needs; may be null
     */
    default Object enter(WsSession session, EndpointMethodKind kind) {
        return enter(session);
    }

    /**
     * Puts the current thread back as it was, knowing how the call ended.
     *
     * @param saved   what {@link #enter(WsSession, EndpointMethodKind)} returned for this call
     * @param failure what the method threw; null when it returned
     */
    default void exit(Object saved, Throwable failure) {
        exit(saved);
    }
}
