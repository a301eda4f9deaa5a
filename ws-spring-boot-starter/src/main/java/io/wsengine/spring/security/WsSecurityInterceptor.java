package io.wsengine.spring.security;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security at the WebSocket server's own port: refuses an upgrade without accepted credentials
 * with {@code 401} and {@code WWW-Authenticate: Bearer} (but on {@link WsPermitAll} endpoints), and
 * names the session's principal after the credentials it accepted: a bearer token in
 * {@code Authorization}, a bearer token offered as the subprotocol after
 * {@value #BEARER_SUBPROTOCOL} (for browsers), or a one-time ticket in {@code ?ticket=} ({@link WsTickets}).
 * More than one credential is refused {@code 400}. Credentials are checked on the authentication
 * threads, never on an event loop; when their queue is full the upgrade is refused {@code 503}.
 *
 * <p>When a client offers {@value #BEARER_SUBPROTOCOL} and the endpoint's negotiation picks none of its
 * subprotocols, the response selects {@value #BEARER_SUBPROTOCOL} (Chromium fails a handshake that
 * offered subprotocols and got none); it never selects the token. Neither tokens nor tickets appear in
 * its log lines or responses.
 *
 * <p>On the web server's port ({@code ws.server.serve-on}) it lets every upgrade through: the
 * application's own {@code SecurityFilterChain} ran before the engine saw the request.
 */
public class WsSecurityInterceptor implements HandshakeInterceptor, SmartInitializingSingleton, DisposableBean {
    /** The subprotocol a browser offers, followed by its bearer token: {@value}. */
    public static final String BEARER_SUBPROTOCOL = "wsengine.bearer";
    /** The query parameter that carries a one-time ticket: {@value}. */
    public static final String TICKET_PARAMETER = "ticket";

    private static final Log LOG = LogFactory.getLog(WsSecurityInterceptor.class);
    private static final HandshakeResult UNAUTHORIZED = HandshakeResult.reject(401, "credentials required",
            Map.of("WWW-Authenticate", "Bearer"));
    private static final HandshakeResult INVALID = HandshakeResult.reject(401, "invalid credentials",
            Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    private static final HandshakeResult SEVERAL = HandshakeResult.reject(400, "send one credential, not several",
            Map.of("WWW-Authenticate", "Bearer error=\"invalid_request\""));
    private static final HandshakeResult BUSY = HandshakeResult.reject(503, "too many upgrades being authenticated",
            Map.of("Retry-After", "1"));
    private static final HandshakeResult UNAVAILABLE = HandshakeResult.reject(503, "credentials could not be checked",
            Map.of("Retry-After", "1"));

    private final WsTickets tickets;
    private final WsBearerTokenAuthenticator bearerTokens;
    private final AuthenticationThreads threads;
    private final ListableBeanFactory beanFactory;
    private volatile EndpointRules rules;

    /**
     * An interceptor for the endpoints of this bean factory.
     *
     * @param tickets      redeems tickets
     * @param bearerTokens checks bearer tokens; null when the application has no way to (they are refused {@code 401})
     * @param properties   the {@code ws.server.security.*} settings (authentication threads and queue)
     * @param beanFactory  where the {@link io.wsengine.spring.WsEndpoint} beans are found
     */
    public WsSecurityInterceptor(WsTickets tickets, WsBearerTokenAuthenticator bearerTokens,
                                 WsSecurityProperties properties, ListableBeanFactory beanFactory) {
        this.tickets = tickets;
        this.bearerTokens = bearerTokens;
        this.threads = new AuthenticationThreads(properties.authenticationThreads(), properties.maxQueuedAuthentications());
        this.beanFactory = beanFactory;
    }

    /** Reads the endpoints' rules once every bean is defined, before the server starts. */
    @Override
    public void afterSingletonsInstantiated() {
        rules = EndpointRules.of(beanFactory);
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        if (request.hosted()) {
            // The web server's port: the application's SecurityFilterChain has decided already, and its
            // Authentication (if any) is the request's principal.
            return HandshakeResult.accept();
        }
        EndpointRules current = rules;
        EndpointRules.Rule rule = current == null ? EndpointRules.SECURED : current.forPath(request.path());
        Map<String, List<String>> headers = request.headers();
        List<String> offered = HandshakeCredential.offeredSubprotocols(headers);
        String companion = offered.contains(BEARER_SUBPROTOCOL) && !rule.negotiatesOneOf(offered)
                ? BEARER_SUBPROTOCOL : null;
        HandshakeCredential.Found found = HandshakeCredential.find(request, headers, offered);
        if (found.credentials().size() > 1) {
            LOG.debug("Refused an upgrade to " + request.path() + " with " + found.credentials().size() + " credentials");
            return SEVERAL;
        }
        HandshakeCredential credential = found.single();
        if (credential == null) {
            if (rule.permitAll()) {
                return HandshakeResult.acceptWithSubprotocol(companion);
            }
            LOG.debug("Refused an upgrade to " + request.path() + " without credentials");
            return UNAUTHORIZED;
        }
        if (!credential.wellFormed()) {
            LOG.debug("Refused an upgrade to " + request.path() + " with a malformed " + credential.kind());
            return INVALID;
        }
        String path = request.path();
        try {
            return HandshakeResult.deferred(CompletableFuture.supplyAsync(
                    () -> decide(credential, companion, path), threads.executor()));
        } catch (RejectedExecutionException e) {
            LOG.debug("Refused an upgrade to " + path + ": the authentication queue is full");
            return BUSY;
        }
    }

    /** On an authentication thread. */
    private HandshakeResult decide(HandshakeCredential credential, String companion, String path) {
        try {
            Authentication authentication = authenticate(credential);
            if (authentication == null || !authentication.isAuthenticated()) {
                throw new BadCredentialsException("not authenticated");
            }
            return HandshakeResult.acceptWithSubprotocol(companion).withPrincipal(authentication);
        } catch (AuthenticationServiceException e) {
            LOG.warn("Could not check the " + credential.kind() + " of an upgrade to " + path + ": "
                    + e.getClass().getName() + ": " + credential.scrub(e.getMessage()));
            return UNAVAILABLE;
        } catch (AuthenticationException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Refused an upgrade to " + path + " with an invalid " + credential.kind() + ": "
                        + e.getClass().getName() + ": " + credential.scrub(e.getMessage()));
            }
            return INVALID;
        } catch (RuntimeException e) {
            // not logged with its stack: a checker's exception may quote the credential in a cause
            LOG.error("Checking the " + credential.kind() + " of an upgrade to " + path + " failed: "
                    + e.getClass().getName() + ": " + credential.scrub(e.getMessage()));
            return UNAVAILABLE;
        }
    }

    private Authentication authenticate(HandshakeCredential credential) {
        if (credential.kind() == HandshakeCredential.Kind.TICKET) {
            return tickets.redeem(credential.value())
                    .orElseThrow(() -> new BadCredentialsException("unknown, used or expired ticket"));
        }
        if (bearerTokens == null) {
            throw new BadCredentialsException("bearer tokens are not accepted: the application has no JwtDecoder,"
                    + " OpaqueTokenIntrospector or WsBearerTokenAuthenticator");
        }
        return bearerTokens.authenticate(credential.value());
    }

    /** Stops the authentication threads. */
    @Override
    public void destroy() {
        threads.close();
    }
}
