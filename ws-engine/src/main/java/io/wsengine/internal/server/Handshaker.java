package io.wsengine.internal.server;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeResult;
import io.wsengine.WsRoute;
import io.wsengine.WsServerConfig;
import io.wsengine.internal.http.AcceptKey;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.CompactHead;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpResponses;
import io.wsengine.internal.http.PercentDecoding;
import io.wsengine.internal.routing.Router;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;

/**
 * Decides an upgrade request (RFC 6455 section 4.2): validates it, routes it, applies the origin
 * policy, negotiates the subprotocol and runs the interceptors. Shared by all event loops; holds no
 * per-request state.
 */
final class Handshaker {
    private static final System.Logger LOG = System.getLogger(Handshaker.class.getName());

    /** The outcome: a response to write, and for an accepted upgrade the session's setup. */
    /** @param attributes what interceptors set, or null when they set nothing */
    record Outcome(ByteBuffer response, WsRoute route, UpgradeRequest request, String subprotocol,
                   Map<String, Object> attributes) {
        boolean accepted() {
            return route != null;
        }
    }

    private final Router<WsRoute> router = new Router<>();
    private final OriginPolicy originPolicy;
    private final List<HandshakeInterceptor> interceptors;

    Handshaker(WsServerConfig config) {
        for (WsRoute route : config.routes()) {
            router.add(route.path(), route);
        }
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.interceptors = config.interceptors();
    }

    Outcome decide(HttpRequestHead head, InetSocketAddress remoteAddress, SSLSession tlsSession) {
        try {
            return upgrade(head, remoteAddress, tlsSession);
        } catch (BadRequestException e) {
            return reject(e.status(), e.getMessage(), Map.of());
        }
    }

    static Outcome reject(int status, String message, Map<String, String> headers) {
        return new Outcome(HttpResponses.error(status, message, headers), null, null, null, null);
    }

    private Outcome upgrade(HttpRequestHead head, InetSocketAddress remoteAddress, SSLSession tlsSession) {
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
        PercentDecoding.parseQuery(query); // a malformed query is refused now, not when the application reads it
        List<String> offered = UpgradeRequest.offeredSubprotocols(head.headerValues("Sec-WebSocket-Protocol"));
        UpgradeRequest request = new UpgradeRequest(CompactHead.compact(head.raw()), match.pathParams(), remoteAddress,
                tlsSession);
        String subprotocol = negotiate(route.subprotocols(), offered);
        List<HandshakeInterceptor> chain = new ArrayList<>(interceptors);
        chain.addAll(route.interceptors());
        Map<String, Object> attributes = chain.isEmpty() ? null : new ConcurrentHashMap<>();
        for (HandshakeInterceptor interceptor : chain) {
            HandshakeResult result;
            try {
                result = interceptor.beforeHandshake(request, attributes);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "handshake interceptor failed on " + path, e);
                return reject(500, null, Map.of());
            }
            if (result == null || !result.isAccepted()) {
                return result == null ? reject(500, null, Map.of())
                        : reject(result.status(), result.message(), result.headers());
            }
            if (result.subprotocol() != null) {
                if (!offered.contains(result.subprotocol())) {
                    LOG.log(Level.ERROR, "interceptor chose subprotocol '" + result.subprotocol()
                            + "', which the client did not offer " + offered);
                    return reject(500, null, Map.of());
                }
                subprotocol = result.subprotocol();
            }
        }
        ByteBuffer response = HttpResponses.switchingProtocols(AcceptKey.accept(keys.get(0)), subprotocol);
        return new Outcome(response, route, request, subprotocol,
                attributes == null || attributes.isEmpty() ? null : attributes);
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
