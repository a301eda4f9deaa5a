package io.wsengine.internal.server;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeResult;
import io.wsengine.internal.http.HiddenCredentials;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The interceptors of one upgrade request, run in order until one refuses or all have accepted. One
 * of them may decide later ({@link HandshakeResult#deferred}): the chain then stops, and resumes with
 * that decision once it has come. Used by one thread at a time: the connection's loop, or a servlet
 * container's request thread.
 */
final class InterceptorChain {
    private static final System.Logger LOG = System.getLogger(InterceptorChain.class.getName());
    private static final HandshakeResult SERVER_ERROR = HandshakeResult.reject(500);

    private final List<HandshakeInterceptor> interceptors;
    private UpgradeRequest request;
    /** Null when the request carries none of the hidden parts, and once they are hidden. */
    private HiddenCredentials hiddenCredentials;
    private final List<String> offered;
    /** Null when there are no interceptors: a session without attributes costs no map. */
    private final Map<String, Object> attributes;
    private String subprotocol;
    private Principal principal;
    private int next;
    private CompletionStage<? extends HandshakeResult> awaited;

    InterceptorChain(List<HandshakeInterceptor> interceptors, UpgradeRequest request, List<String> offered,
            Principal principal, String subprotocol, Map<String, Object> attributes,
            HiddenCredentials hiddenCredentials) {
        this.principal = principal;
        this.interceptors = interceptors;
        this.hiddenCredentials = hiddenCredentials;
        this.request = request;
        this.offered = offered;
        this.subprotocol = subprotocol;
        this.attributes = attributes;
    }

    /**
     * Runs the interceptors not yet run.
     *
     * @return null when all have accepted (or one is deciding later: see {@link #awaited()}),
     *         the refusal otherwise
     */
    HandshakeResult run() {
        while (next < interceptors.size()) {
            HandshakeInterceptor interceptor = interceptors.get(next++);
            HandshakeResult result;
            try {
                result = interceptor.beforeHandshake(request, attributes);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "handshake interceptor failed on " + request.path(), e);
                return SERVER_ERROR;
            }
            if (result != null && result.isDeferred()) {
                awaited = result.decision();
                return null;
            }
            HandshakeResult refusal = apply(result);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /**
     * Takes the decision that was awaited, then runs the interceptors after it.
     *
     * @param result  what the stage completed with; ignored when {@code failure} is not null
     * @param failure why the stage completed exceptionally, or null
     * @return as {@link #run()}
     */
    HandshakeResult resume(HandshakeResult result, Throwable failure) {
        awaited = null;
        if (failure != null) {
            LOG.log(Level.ERROR, "deferred handshake decision failed on " + request.path(), failure);
            return SERVER_ERROR;
        }
        if (result != null && result.isDeferred()) {
            LOG.log(Level.ERROR, "deferred handshake decision on " + request.path()
                    + " completed with another deferred result; a stage must complete with a decision");
            return SERVER_ERROR;
        }
        HandshakeResult refusal = apply(result);
        return refusal != null ? refusal : run();
    }

    /**
     * Tells the interceptors that have run how the request ended ({@link HandshakeInterceptor#afterHandshake}),
     * in their order; once, when it is decided.
     */
    void finish(int status) {
        int ran = next;
        next = interceptors.size(); // no interceptor runs after the end
        for (int i = 0; i < ran; i++) {
            HandshakeInterceptor interceptor = interceptors.get(i);
            try {
                interceptor.afterHandshake(request, attributes, status);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "handshake interceptor failed after the handshake on " + request.path(), e);
            }
        }
    }

    /** {@return the decision the chain waits for, or null when it has run to its end or a refusal} */
    CompletionStage<? extends HandshakeResult> awaited() {
        return awaited;
    }

    /** {@return the subprotocol to answer with: the route's choice, or the last interceptor's} */
    String subprotocol() {
        return subprotocol;
    }

    /** {@return who connected, as the last interceptor to name them said; null when none did} */
    Principal principal() {
        return principal;
    }

    /** {@return what interceptors set, or null when they set nothing} */
    Map<String, Object> attributes() {
        return attributes == null || attributes.isEmpty() ? null : attributes;
    }

    /** {@return the request: as received while the interceptors run, without its credentials once they have accepted} */
    UpgradeRequest request() {
        return request;
    }

    /** Leaves the hidden parts out of the request the session keeps; once, when the interceptors have accepted. */
    void hideCredentials() {
        if (hiddenCredentials != null) {
            request = request.withoutCredentials(hiddenCredentials);
            hiddenCredentials = null;
        }
    }

    /** {@return the refusal that the result means, or null when it accepts} */
    private HandshakeResult apply(HandshakeResult result) {
        if (result == null) {
            return SERVER_ERROR;
        }
        if (!result.isAccepted()) {
            return result;
        }
        if (result.subprotocol() != null) {
            if (!offered.contains(result.subprotocol())) {
                // neither name nor offer is logged: an offered subprotocol may be a bearer token
                LOG.log(Level.ERROR, "an interceptor chose a subprotocol the client did not offer (it offered "
                        + offered.size() + ") on " + request.path());
                return SERVER_ERROR;
            }
            subprotocol = result.subprotocol();
        }
        if (result.principal() != null) {
            principal = result.principal();
        }
        return null;
    }
}
