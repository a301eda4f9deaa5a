package io.wsengine.spring.support;

import io.wsengine.CloseStatus;

/**
 * Chooses how a session closes when an endpoint method failed and no {@code @OnError} method took
 * the failure (there is none, or its parameter is of a narrower type). The starter's integrations
 * provide them as beans (the Spring Security one closes a denied call with {@code 1008}); they are
 * asked in their order, and the first that answers decides. When none answers, the session closes
 * {@code 1011}; an undecodable message closes {@code 1007} before any is asked.
 */
@FunctionalInterface
public interface EndpointFailureStatus {

    /**
     * The close status for this failure, or null to leave the decision to the next one.
     *
     * @param failure what the method threw, or what the stage it returned failed with
     * @return the status to close the session with, its reason fit for a client (no exception
     *         message, no class name); null when this one does not decide
     */
    CloseStatus closeStatus(Throwable failure);
}
