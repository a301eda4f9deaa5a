package io.wsengine.internal.server;

import io.wsengine.WsRoute;
import io.wsengine.WsServerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What every connection of one server shares: settings, the handshake rules and the session id counter. */
final class ServerContext {
    final WsServerConfig config;
    final Handshaker handshaker;
    final long handshakeTimeoutNanos;
    final long closeTimeoutNanos;
    final long idleTimeoutNanos;
    final long pingIntervalNanos;
    final long pongTimeoutNanos;
    final SessionRegistry registry = new SessionRegistry();
    /** Messages (and pongs) dropped under {@link io.wsengine.OverflowPolicy#DROP}. */
    final LongAdder droppedMessages = new LongAdder();
    /** The application's listener; null without one, and every call site checks. */
    final ServerEvents events;
    /** The same, when one of the listeners wants every message; else null, and messages cost no call. */
    final ServerEvents messageEvents;
    /** Where TLS connections get their engines; null when the server is plain. */
    final TlsEngines tls;
    private final AtomicLong sessionIds = new AtomicLong();
    /** By route template; fixed, as the routes are. */
    private final Map<String, RouteTraffic> traffic = new HashMap<>();

    ServerContext(WsServerConfig config) {
        this.config = config;
        this.handshaker = new Handshaker(config);
        this.handshakeTimeoutNanos = config.handshakeTimeout().toNanos();
        this.closeTimeoutNanos = config.closeTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.pingIntervalNanos = config.pingInterval().toNanos();
        this.pongTimeoutNanos = config.pongTimeout().toNanos();
        this.tls = config.tls().map(TlsEngines::new).orElse(null);
        this.events = config.listeners().isEmpty() ? null : new ServerEvents(config.listeners());
        this.messageEvents = events != null && events.wantsMessages() ? events : null;
        for (WsRoute route : config.routes()) {
            traffic.put(route.path(), new RouteTraffic(config.eventLoops()));
        }
    }

    /** {@return the traffic counts of the route with this template, or null for an unknown one} */
    RouteTraffic traffic(String routePath) {
        return traffic.get(routePath);
    }

    long nextSessionNumber() {
        return sessionIds.incrementAndGet();
    }
}
