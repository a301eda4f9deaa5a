package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeRequest;
import io.wsengine.OverflowPolicy;
import io.wsengine.WsRoute;
import io.wsengine.WsSession;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;

/**
 * What a session is, apart from the protocol that carries it: its id, the route (with its settings)
 * and upgrade request it came with, its groups and its attributes. {@link SessionOutput},
 * {@link SessionInput} and {@link Connection} add the protocol core. Fields the core sets at the
 * upgrade are written once, on the loop, before the session is published to other threads (through
 * the registry's concurrent map or an executor hand-off).
 */
abstract class SessionBase implements WsSession {
    final ServerContext server;
    final InetSocketAddress remoteAddress;
    /** The address the client connected to: the listening socket's, as this connection saw it. */
    final InetSocketAddress localAddress;
    /** Set once the connection is gone: no group may be joined after. */
    volatile boolean released;
    /** The session id, as a number: {@link #id()} formats it when asked. */
    long sessionNumber;
    /** The route the session was upgraded on: its handler, path template and message size limit. */
    WsRoute route;
    /** The route's message counts, which this session adds to. */
    RouteTraffic traffic;
    /** The upgrade request's head, as {@link io.wsengine.internal.http.CompactHead} keeps it. */
    byte[] requestHead;
    Map<String, String> pathParams;
    String subprotocol;
    /** The {@code Sec-WebSocket-Extensions} response value; null when none was agreed. */
    String extensions;
    /** True when a host (a servlet container) carries the connection; false on the engine's own port. */
    boolean hosted;
    /** Who connected, as an interceptor named them; null when none did. */
    Principal principal;
    /** The TLS session of a {@code wss://} connection, from its transport when it upgrades; null over plain {@code ws://}. */
    SSLSession tlsSession;
    /** Created when first needed: most sessions never join a group or set an attribute. */
    volatile Set<String> groups;
    volatile Map<String, Object> attributes;
    /** Created when first asked for ({@link #whenClosed()}): most sessions are never watched. */
    private volatile CompletableFuture<CloseStatus> closed;
    /** The status {@code onClose} got, once it has returned; null before. */
    private volatile CloseStatus endedWith;

    SessionBase(ServerContext server, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this.server = server;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
    }

    // ---- the route's settings

    /** The route's limit, or the server's when the route sets none. */
    long maxMessageSize() {
        return route.maxMessageSize() > 0 ? route.maxMessageSize() : server.config.maxMessageSize();
    }

    /** The route's policy, or the server's when the route sets none. */
    OverflowPolicy overflowPolicy() {
        OverflowPolicy policy = route.overflowPolicy();
        return policy != null ? policy : server.config.overflowPolicy();
    }

    // ---- groups, from any thread

    @Override
    public boolean join(String group) {
        if (released || !groups(true).add(group)) {
            return false;
        }
        server.registry.join(group, this);
        if (released) {
            leave(group); // closed meanwhile: release() may have missed this group
            return false;
        }
        return true;
    }

    @Override
    public boolean leave(String group) {
        Set<String> joined = groups;
        if (joined != null) {
            joined.remove(group);
        }
        return server.registry.leave(group, this);
    }

    @Override
    public Set<String> groups() {
        Set<String> joined = groups;
        return joined == null ? Set.of() : Collections.unmodifiableSet(joined);
    }

    private Set<String> groups(boolean create) {
        Set<String> joined = groups;
        if (joined == null && create) {
            synchronized (this) {
                joined = groups;
                if (joined == null) {
                    joined = ConcurrentHashMap.newKeySet();
                    groups = joined;
                }
            }
        }
        return joined;
    }

    /** Leaves every group joined; the connection calls it once {@link #released} is set. */
    void leaveAllGroups() {
        Set<String> joined = groups;
        if (joined != null) {
            for (String group : joined) {
                leave(group);
            }
        }
    }

    // ---- the end, from any thread

    @Override
    public CompletionStage<CloseStatus> whenClosed() {
        CompletableFuture<CloseStatus> future = closed;
        if (future == null) {
            synchronized (this) {
                future = closed;
                if (future == null) {
                    future = new CompletableFuture<>();
                    closed = future;
                }
            }
        }
        // Each side writes its field before reading the other's, so that ended() and a late first call
        // cannot both miss each other: one of them completes the future.
        CloseStatus status = endedWith;
        if (status != null) {
            future.complete(status);
        }
        return future.minimalCompletionStage();
    }

    /** The session has ended and {@code onClose} has returned; the connection calls it once, on the loop. */
    void ended(CloseStatus status) {
        endedWith = status;
        CompletableFuture<CloseStatus> future = closed;
        if (future != null) {
            future.complete(status);
        }
    }

    // ---- WsSession queries

    @Override
    public String id() {
        return Long.toHexString(sessionNumber);
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>();
                    attributes = map;
                }
            }
        }
        return map;
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public HandshakeRequest handshake() {
        return new UpgradeRequest(requestHead, route.path(), pathParams, remoteAddress, tlsSession, hosted, principal);
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String extensions() {
        return extensions == null ? "" : extensions;
    }

    @Override
    public String routePath() {
        return route.path();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "WsSession[" + id() + " " + remoteAddress + " " + (requestHead == null ? "" : handshake().path()) + "]";
    }
}
