package io.wsengine.internal.server;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeResult;
import io.wsengine.WsRoute;
import io.wsengine.WsServerConfig;
import io.wsengine.internal.deflate.DeflateAgreement;
import io.wsengine.internal.deflate.DeflateNegotiation;
import io.wsengine.internal.http.AcceptKey;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.CompactHead;
import io.wsengine.internal.http.HiddenCredentials;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpResponses;
import io.wsengine.internal.http.PercentDecoding;
import io.wsengine.internal.routing.Router;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;

/**
 * Decides an upgrade request (RFC 6455 section 4.2): validates it, routes it, applies the origin
 * policy, negotiates the subprotocol and the extensions, and runs the interceptors. Shared by all event loops; holds no
 * per-request state.
 */
final class Handshaker {

    /** A refused upgrade's answer: its status, body text (null for the reason phrase) and extra headers. */
    record Refusal(int status, String message, Map<String, String> headers) {
    }

    /**
     * The outcome: a refusal; an accepted upgrade and the session's setup; or, while an interceptor
     * decides later, neither yet ({@link #deferred()}).
     *
     * @param route     the route, once accepted or while deferred; null for a refusal
     * @param chain     the interceptors' run, once routed; null for a refusal before that
     * @param acceptKey the client's {@code Sec-WebSocket-Key}; null for a refusal
     * @param refusal   the refusal; null otherwise
     * @param deferred  true while an interceptor's decision is awaited: see {@link InterceptorChain#awaited()}
     * @param deflate   the permessage-deflate agreement; null for an uncompressed session or a refusal
     */
    record Outcome(WsRoute route, InterceptorChain chain, String acceptKey, Refusal refusal, boolean deferred,
            DeflateAgreement deflate) {
        boolean accepted() {
            return refusal == null && !deferred;
        }

        /** {@return the response to write on the engine's own port: 101, or the refusal's error} */
        ByteBuffer response() {
            return refusal != null ? HttpResponses.error(refusal.status(), refusal.message(), refusal.headers())
                    : HttpResponses.switchingProtocols(AcceptKey.accept(acceptKey), subprotocol(), extensions());
        }

        /** {@return the {@code Sec-WebSocket-Extensions} response value; null when none is agreed} */
        String extensions() {
            return deflate == null ? null : deflate.responseHeader();
        }

        /** {@return the request, once routed and valid; null for a refusal before that} */
        UpgradeRequest request() {
            return chain == null ? null : chain.request();
        }

        String subprotocol() {
            return chain == null ? null : chain.subprotocol();
        }

        Map<String, Object> attributes() {
            return chain == null ? null : chain.attributes();
        }

        Principal principal() {
            return chain == null ? null : chain.principal();
        }
    }

    private final Router<WsRoute> router = new Router<>();
    private final OriginPolicy originPolicy;
    private final List<HandshakeInterceptor> interceptors;
    private final HiddenCredentials hiddenCredentials;
    private final DeflateNegotiation deflateNegotiation;

    Handshaker(WsServerConfig config) {
        for (WsRoute route : config.routes()) {
            router.add(route.path(), route);
        }
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.interceptors = config.interceptors();
        this.hiddenCredentials = new HiddenCredentials(config.hiddenHeaders(), config.hiddenQueryParameters(),
                config.hiddenSubprotocolMarkers());
        this.deflateNegotiation = new DeflateNegotiation(config.compression());
    }

    /** {@return true when a route's template matches the path (not percent-decoded, without a query)} */
    boolean serves(String path) {
        return router.route(path) != null;
    }

    Outcome decide(HttpRequestHead head, InetSocketAddress remoteAddress, SSLSession tlsSession) {
        return decide(head, remoteAddress, tlsSession, false, null);
    }

    /**
     * Decides a request read on the engine's own port, or one a host received ({@code hosted}), which
     * may come with the principal the host authenticated.
     */
    Outcome decide(HttpRequestHead head, InetSocketAddress remoteAddress, SSLSession tlsSession, boolean hosted,
            Principal hostPrincipal) {
        try {
            return upgrade(head, remoteAddress, tlsSession, hosted, hostPrincipal);
        } catch (BadRequestException e) {
            return reject(e.status(), e.getMessage(), Map.of());
        }
    }

    static Outcome reject(int status, String message, Map<String, String> headers) {
        return new Outcome(null, null, null, new Refusal(status, message, headers), false, null);
    }

    private Outcome upgrade(HttpRequestHead head, InetSocketAddress remoteAddress, SSLSession tlsSession,
            boolean hosted, Principal hostPrincipal) {
        if (!head.method().equals("GET")) {
            return reject(400, "a WebSocket upgrade must be a GET", Map.of());
        }
        if (!head.isAtLeastHttp11()) {
            return reject(400, "a WebSocket upgrade needs HTTP/1.1 or later", Map.of());
        }
        if (head.headerValues("Host").size() != 1) {
            return reject(400, "exactly one Host header is required", Map.of());
        }
        String target = head.target();
        if (!target.startsWith("/")) {
            return reject(400, "the request target must be an absolute path", Map.of());
        }
        int questionMark = target.indexOf('?');
        String path = questionMark < 0 ? target : target.substring(0, questionMark);
        String query = questionMark < 0 ? "" : target.substring(questionMark + 1);
        Router.Match<WsRoute> match = router.route(path);
        if (match == null) {
            return reject(404, "no WebSocket endpoint at " + path, Map.of());
        }
        if (!head.hasToken("Upgrade", "websocket") || !head.hasToken("Connection", "upgrade")) {
            return reject(426, "this is a WebSocket endpoint: send an Upgrade: websocket request",
                    Map.of("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13"));
        }
        List<String> versions = head.headerValues("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).equals("13")) {
            return reject(426, "unsupported WebSocket version", Map.of("Sec-WebSocket-Version", "13"));
        }
        List<String> keys = head.headerValues("Sec-WebSocket-Key");
        if (keys.size() != 1 || !AcceptKey.isValidKey(keys.get(0))) {
            return reject(400, "exactly one valid Sec-WebSocket-Key is required", Map.of());
        }
        if (head.headerValues("Origin").size() > 1
                || !originPolicy.allows(head.header("Origin"), head.header("Host"))) {
            return reject(403, "origin not allowed", Map.of());
        }
        WsRoute route = match.target();
        // a malformed query is refused now, not when the application reads it
        Map<String, List<String>> queryParams = PercentDecoding.parseQuery(query);
        // a declined offer goes on uncompressed; only a header that does not parse at all is refused (400)
        DeflateAgreement deflate = route.compression()
                ? deflateNegotiation.negotiate(head.headerValues("Sec-WebSocket-Extensions")) : null;
        List<String> offered = UpgradeRequest.offeredSubprotocols(head.headerValues("Sec-WebSocket-Protocol"));
        UpgradeRequest request = new UpgradeRequest(CompactHead.compact(head.raw()), route.path(), match.pathParams(),
                remoteAddress, tlsSession, hosted, hostPrincipal);
        List<HandshakeInterceptor> interceptors = new ArrayList<>(this.interceptors);
        interceptors.addAll(route.interceptors());
        InterceptorChain chain = new InterceptorChain(interceptors, request, offered, hostPrincipal,
                negotiate(route.subprotocols(), offered), interceptors.isEmpty() ? null : new ConcurrentHashMap<>(),
                hiddenCredentials.carriedBy(head, queryParams, offered) ? hiddenCredentials : null);
        return conclude(route, chain, keys.get(0), deflate, chain.run());
    }

    /**
     * Goes on with an upgrade whose interceptor decided later, once its decision has come.
     *
     * @param deferred the outcome that waited
     * @param result   what the interceptor's stage completed with
     * @param failure  why it completed exceptionally, or null
     * @return the outcome, which may wait again for a later interceptor
     */
    Outcome resume(Outcome deferred, HandshakeResult result, Throwable failure) {
        return conclude(deferred.route(), deferred.chain(), deferred.acceptKey(), deferred.deflate(),
                deferred.chain().resume(result, failure));
    }

    private static Outcome conclude(WsRoute route, InterceptorChain chain, String key, DeflateAgreement deflate,
            HandshakeResult refusal) {
        if (refusal != null) {
            chain.finish(refusal.status());
            return reject(refusal.status(), refusal.message(), refusal.headers());
        }
        if (chain.awaited() != null) {
            return new Outcome(route, chain, key, null, true, deflate);
        }
        chain.finish(101); // before the session takes the attributes: what an interceptor removes now, it never sees
        chain.hideCredentials(); // the interceptors have seen them; the session keeps its head without
        return new Outcome(route, chain, key, null, false, deflate);
    }

    /** The server's order of preference wins among what the client offers (RFC 6455 section 4.2.2). */
    private static String negotiate(List<String> supported, List<String> offered) {
        for (String candidate : supported) {
            if (offered.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
