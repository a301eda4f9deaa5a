package io.wsengine.internal.server;

import io.wsengine.WsServerConfig;
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
    /** Where TLS connections get their engines; null when the server is plain. */
    final TlsEngines tls;
    private final AtomicLong sessionIds = new AtomicLong();

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
    }

    long nextSessionNumber() {
        return sessionIds.incrementAndGet();
    }
}
