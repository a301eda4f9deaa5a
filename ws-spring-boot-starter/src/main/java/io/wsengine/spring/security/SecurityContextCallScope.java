package io.wsengine.spring.security;

import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointCallScope;
import java.security.Principal;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Runs every endpoint method call inside a Spring Security {@link SecurityContext} of its own: it
 * holds the session's principal when that is an {@link Authentication}, and nothing otherwise
 * (an anonymous session, or a principal of another kind). Set on the thread that makes the call,
 * whichever it is (an executor's, an event loop's, a virtual one), and taken away after it, so that
 * method security ({@code @PreAuthorize}, {@code @Secured}) judges each call by its own session and
 * nothing is left for the next call on the same thread.
 */
public final class SecurityContextCallScope implements EndpointCallScope {
    private final Supplier<SecurityContextHolderStrategy> strategy;

    /**
     * Creates the scope; the auto-configuration defines one as a bean.
     *
     * @param strategy the holder strategy to use, asked at each call: the application's
     *                 {@code SecurityContextHolderStrategy} bean, as method security uses it, else
     *                 {@code SecurityContextHolder.getContextHolderStrategy()}
     */
    public SecurityContextCallScope(Supplier<SecurityContextHolderStrategy> strategy) {
        this.strategy = strategy;
    }

    /**
     * Sets a context for the session's principal, keeping the one the thread had.
     *
     * @param session the session whose endpoint method is about to run
     * @return the thread's previous context, for {@link #exit(Object)}
     */
    @Override
    public Object enter(WsSession session) {
        SecurityContextHolderStrategy holder = strategy.get();
        SecurityContext previous = holder.getContext();
        SecurityContext context = holder.createEmptyContext();
        Principal principal = session.principal().orElse(null);
        if (principal instanceof Authentication authentication) {
            context.setAuthentication(authentication);
        }
        holder.setContext(context);
        return previous;
    }

    /**
     * Puts the thread's previous context back, or clears it when that was empty, as Spring
     * Security's own {@code DelegatingSecurityContextRunnable} does: a pool thread then keeps no
     * context between calls.
     *
     * @param saved the context {@link #enter(WsSession)} returned
     */
    @Override
    public void exit(Object saved) {
        SecurityContextHolderStrategy holder = strategy.get();
        SecurityContext previous = (SecurityContext) saved;
        if (previous.getAuthentication() == null) { // an empty context: a pool thread keeps none
            holder.clearContext();
        } else {
            holder.setContext(previous);
        }
    }
}
