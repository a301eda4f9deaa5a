package io.wsengine.spring.security;

import io.wsengine.CloseStatus;
import io.wsengine.spring.support.EndpointFailureStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/**
 * Closes a session with {@code 1008} (Policy Violation), rather than {@code 1011}, when method
 * security refused an endpoint call that no {@code @OnError} method took: an
 * {@link AccessDeniedException} (such as the {@code AuthorizationDeniedException} of a
 * {@code @PreAuthorize} that did not hold), or an {@link AuthenticationException} (method security
 * throws {@code AuthenticationCredentialsNotFoundException} for an anonymous session, whose
 * context holds no authentication). The reason is a fixed text: a client learns that it was
 * refused, not which rule refused it.
 */
public final class AccessDeniedCloseStatus implements EndpointFailureStatus {
    /** The close status of a refused call. */
    public static final CloseStatus ACCESS_DENIED = CloseStatus.POLICY_VIOLATION.withReason("access denied");

    /** Creates the policy; the auto-configuration defines one as a bean. */
    public AccessDeniedCloseStatus() {
    }

    /**
     * Answers for refused calls only.
     *
     * @param failure what the endpoint method threw
     * @return {@link #ACCESS_DENIED} for an {@link AccessDeniedException} or
     *         {@link AuthenticationException}; null for any other failure
     */
    @Override
    public CloseStatus closeStatus(Throwable failure) {
        return failure instanceof AccessDeniedException || failure instanceof AuthenticationException
                ? ACCESS_DENIED : null;
    }
}
