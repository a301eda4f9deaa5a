package io.wsengine.spring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wsengine.CloseStatus;
import io.wsengine.LoopStatus;
import io.wsengine.WsServer;
import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Binds what the engine reports to Micrometer meters: a {@link WsServerListener} that the starter adds
 * to the server's configuration when a {@link MeterRegistry} bean exists. The meters of an endpoint
 * are registered once, when its route is configured (or its first session opens), and then held
 * here: an event costs a lookup of its session's template in a map and an increment, with no tags
 * built and no allocation. Messages cost nothing: this listener does not override the message events,
 * so the engine never calls it for them, and the message meters read {@link WsServer#messageCounts}
 * when scraped. The names are those of {@link WsMeterNames}.
 */
public class WsServerMetrics implements WsServerListener {
    private final MeterRegistry registry;
    private final Supplier<WsServer> server;
    private final Map<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    /** By HTTP status, made on the first refusal of each. */
    private final AtomicReferenceArray<Counter> refused = new AtomicReferenceArray<>(600);
    /** By protocol; "" for failures. Few protocols exist, so the map stays small. */
    private final Map<String, Counter> tlsHandshakes = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters are registered
     * @param server   the running server, or null when none runs: read when the gauge of queued bytes
     *                 is scraped
     */
    public WsServerMetrics(MeterRegistry registry, Supplier<WsServer> server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * Registers an endpoint's meters now, so that they read 0 before its first session.
     *
     * @param template the endpoint's path template
     */
    public void register(String template) {
        endpoint(template);
    }

    /**
     * Registers the gauges of each event loop's lag, read from {@link WsServer#loopStatuses()} when
     * scraped (0 while the server does not run).
     *
     * @param eventLoops how many loops the server runs
     */
    public void registerLoops(int eventLoops) {
        for (int i = 0; i < eventLoops; i++) {
            String loop = "ws-loop-" + i; // the engine's thread names
            Gauge.builder(WsMeterNames.LOOP_LAG, server, s -> lagSeconds(s.get(), loop, false))
                    .tag(WsMeterNames.TAG_LOOP, loop).baseUnit("seconds").strongReference(true)
                    .description("how late the event loop's 100 ms timer tick runs now").register(registry);
            Gauge.builder(WsMeterNames.LOOP_LAG_MAX, server, s -> lagSeconds(s.get(), loop, true))
                    .tag(WsMeterNames.TAG_LOOP, loop).baseUnit("seconds").strongReference(true)
                    .description("the event loop's largest lag in the last 10 to 20 seconds").register(registry);
        }
    }

    private static double lagSeconds(WsServer server, String loop, boolean recentMax) {
        if (server == null) {
            return 0;
        }
        for (LoopStatus status : server.loopStatuses()) {
            if (status.name().equals(loop)) {
                return (recentMax ? status.recentMaxLag() : status.lag()).toNanos() / 1e9;
            }
        }
        return 0;
    }

    EndpointMeters endpoint(String template) {
        EndpointMeters meters = endpoints.get(template); // a plain get first: computeIfAbsent may lock
        return meters != null ? meters
                : endpoints.computeIfAbsent(template, t -> new EndpointMeters(registry, t, server));
    }

    @Override
    public void sessionOpened(WsSession session) {
        EndpointMeters meters = endpoint(session.routePath());
        meters.active.incrementAndGet();
        meters.opened.increment();
    }

    @Override
    public void sessionClosed(WsSession session, CloseStatus status, ClosedBy closedBy) {
        endpoint(session.routePath()).closed(session, status, closedBy);
    }

    @Override
    public void handshakeRefused(int status) {
        int index = status >= 0 && status < refused.length() ? status : 0;
        Counter counter = refused.get(index);
        if (counter == null) {
            counter = Counter.builder(WsMeterNames.HANDSHAKES_REFUSED).description("upgrades refused")
                    .tag(WsMeterNames.TAG_STATUS, Integer.toString(status)).register(registry);
            refused.set(index, counter); // a race registers the same counter twice: the registry returns one
        }
        counter.increment();
    }

    @Override
    public void tlsHandshakeCompleted(String protocol) {
        tlsHandshakes.computeIfAbsent(protocol, p -> tlsCounter("success", p)).increment();
    }

    @Override
    public void tlsHandshakeFailed() {
        tlsHandshakes.computeIfAbsent("", p -> tlsCounter("error", "none")).increment();
    }

    private Counter tlsCounter(String outcome, String protocol) {
        return Counter.builder(WsMeterNames.TLS_HANDSHAKES).description("TLS handshakes of wss:// connections")
                .tag(WsMeterNames.TAG_OUTCOME, outcome).tag(WsMeterNames.TAG_PROTOCOL, protocol).register(registry);
    }

    @Override
    public void sendFailed(WsSession session, SendFailure failure) {
        endpoint(session.routePath()).sendFailed(failure);
    }

    @Override
    public void readingPaused(WsSession session) {
        endpoint(session.routePath()).paused.add(session);
    }

    @Override
    public void readingResumed(WsSession session) {
        endpoint(session.routePath()).paused.remove(session);
    }

    @Override
    public void pingSent(WsSession session) {
        endpoint(session.routePath()).pingsSent.increment();
    }

    @Override
    public void pongLate(WsSession session) {
        endpoint(session.routePath()).pongsLate.increment();
    }
}
