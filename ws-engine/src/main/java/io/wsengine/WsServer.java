package io.wsengine;

import io.wsengine.internal.server.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket server: {@code new WsServer(config).start()}, then {@link #stop(Duration)}.
 *
 * <pre>{@code
 * WsServer server = new WsServer(WsServerConfig.builder()
 *         .port(9001)
 *         .route("/echo", new WsHandler() {
 *             public void onText(WsSession session, String text) { session.sendText(text); }
 *         })
 *         .build());
 * server.start();
 * }</pre>
 */
public final class WsServer {
    private final WsServerConfig config;
    private volatile Engine engine;
    private volatile boolean stopped;
    private boolean stopping;

    /**
     * Creates a server; nothing is bound until {@link #start()}.
     *
     * @param config what to listen on and serve
     * @throws NullPointerException if {@code config} is null
     */
    public WsServer(WsServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Binds the port and starts the event loops. A server starts once: it cannot be started again,
     * even after {@link #stop(Duration)}.
     *
     * @return this server, for {@code new WsServer(config).start()}
     * @throws java.io.UncheckedIOException when the address cannot be bound, such as a port in use
     * @throws IllegalStateException        when already started, or stopped
     */
    public synchronized WsServer start() {
        if (engine != null || stopped) {
            throw new IllegalStateException("a WsServer can be started once");
        }
        engine = Engine.start(config);
        return this;
    }

    /**
     * The port listened on, the chosen one when configured with 0. Still answers after stop.
     *
     * @return the local port; -1 when the server does not listen ({@link WsServerConfig.Builder#listening})
     * @throws IllegalStateException when not started
     */
    public int port() {
        Engine engine = this.engine;
        if (engine == null) {
            throw new IllegalStateException("not started");
        }
        return engine.port();
    }

    /**
     * Whether a route serves this path, so that a host knows which upgrade requests are the engine's.
     *
     * @param path the request's path, as sent (percent-encoded), without the query
     * @return true when a route's template matches; false when not running
     */
    public boolean serves(String path) {
        Engine running = runningEngine();
        return running != null && running.serves(path);
    }

    /**
     * Decides an upgrade request that another server received, such as a servlet container on the web
     * application's port: the same validation, routing, origin policy and interceptors as on the
     * server's own port (interceptors see {@link HandshakeRequest#hosted()} true). The host then
     * writes the answer and, when accepted, switches protocols and calls
     * {@link HostedUpgrade#open(HostedChannel)}. Blocks no thread: an interceptor's deferred decision
     * completes the stage later; the host bounds its wait (the handshake timeout, say).
     *
     * @param request the host's request
     * @return the decision
     * @throws IllegalStateException when not running
     */
    public CompletionStage<HostedUpgrade> decide(HostedRequest request) {
        Engine running = runningEngine();
        if (running == null) {
            throw new IllegalStateException("the server is not running");
        }
        return running.decide(request).thenApply(HostedUpgrade::new);
    }

    /**
     * {@return the TLS settings in force: those configured, with the context of the last
     * {@link #updateTls(SSLContext)}; empty for a plain {@code ws://} server}
     */
    public Optional<TlsConfig> tls() {
        Engine running = engine;
        return running == null ? config.tls() : Optional.ofNullable(running.tls());
    }

    /**
     * Swaps the TLS context while the server runs, such as when its certificate is renewed: new TLS
     * handshakes use the new context, and open connections go on with theirs. The protocols, cipher
     * suites and client authentication configured stay.
     *
     * @param context the new keys and trust
     * @throws IllegalStateException    when not running, or the server is plain {@code ws://}
     * @throws IllegalArgumentException when the new context does not support the protocols or cipher
     *                                  suites configured
     * @throws NullPointerException     if {@code context} is null
     */
    public void updateTls(SSLContext context) {
        Objects.requireNonNull(context, "context");
        Engine running = runningEngine();
        if (running == null) {
            throw new IllegalStateException("not running: start the server before updating its TLS context");
        }
        running.updateTls(context);
    }

    /** {@return true once started, until {@link #stop(Duration)} has returned} */
    public boolean isRunning() {
        return engine != null && !stopped;
    }

    /**
     * Each event loop's liveness for health checks: how late its 100 ms timer tick runs (a handler
     * that blocks its loop shows here while it blocks), the largest such lag of late, and whether the
     * loop's thread runs and ticks. Cheap: the loops keep these as they tick; nothing is asked of them.
     *
     * @return one status per loop, in order ({@code ws-loop-0} first); empty when not running
     */
    public List<LoopStatus> loopStatuses() {
        Engine running = runningEngine();
        return running == null ? List.of() : List.copyOf(running.loopStatuses());
    }

    /**
     * Open connections, handshakes in progress included: a sum over the event loops, not exact while
     * they run.
     *
     * @return the count; 0 when not running
     */
    public int connectionCount() {
        Engine running = runningEngine();
        return running == null ? 0 : running.connectionCount();
    }

    /**
     * Messages and pongs dropped because a session's outbound buffer was full, under
     * {@link OverflowPolicy#DROP}, since start (still readable after stop).
     *
     * @return the count over all sessions; 0 before start
     */
    public long droppedMessages() {
        Engine started = engine;
        return started == null ? 0 : started.droppedMessages();
    }

    /**
     * The messages and payload bytes that the sessions of one route received and sent, since start
     * (still readable after stop). The engine always counts them, a few plain increments per message
     * on the session's event loop; reading sums the loops' counts, and never walks the sessions.
     *
     * @param routePath the route's template exactly as configured, not a request path
     * @return the counts; {@link MessageCounts#NONE} before start and for an unknown template
     */
    public MessageCounts messageCounts(String routePath) {
        Engine started = engine;
        return started == null ? MessageCounts.NONE : started.messageCounts(routePath);
    }

    /**
     * The open sessions of the route with this path template (as configured, such as
     * {@code /chat/{room}}): a live, read-only view. Empty before start and after stop.
     *
     * @param routePath the route's template exactly as configured, not a request path
     * @return the sessions, weakly consistent: iterating never fails, and may or may not see sessions
     *         that open or close meanwhile; empty for an unknown template
     */
    public Set<WsSession> sessions(String routePath) {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().sessions(routePath);
    }

    /**
     * A snapshot for operators: every route's session count and, for one route, its sessions (ids,
     * addresses, bytes each way, buffered bytes, subprotocols, groups; no contents, no attribute
     * values). Each event loop describes its own sessions between its other work.
     *
     * @param routePath the route whose sessions to describe, its template exactly as configured; null
     *                  for the counts alone
     * @return the snapshot, completed on an event loop; before start and after stop, an empty one
     */
    public CompletionStage<ServerSnapshot> snapshot(String routePath) {
        Engine running = runningEngine();
        if (running == null) {
            return CompletableFuture.completedFuture(new ServerSnapshot(Instant.now(), Map.of(), List.of()));
        }
        return running.snapshot(routePath);
    }

    /**
     * The sessions that joined the group ({@link WsSession#join(String)}): a live, read-only view.
     *
     * @param name the group's name
     * @return the members, weakly consistent as {@link #sessions(String)} is; empty when the group has
     *         none, before start and after stop
     */
    public Set<WsSession> group(String name) {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().group(name);
    }

    /**
     * The open sessions of one user, on every route: those whose {@link WsSession#principal()} has
     * this name. A live, read-only view.
     *
     * @param name the principal's name, {@link java.security.Principal#getName()}
     * @return the sessions, weakly consistent as {@link #sessions(String)} is; empty when the user has
     *         none, before start and after stop
     */
    public Set<WsSession> userSessions(String name) {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().userSessions(name);
    }

    /**
     * {@return the names of the groups that have members: a live, read-only view; a group disappears
     * when its last member leaves. Empty before start and after stop}
     */
    public Set<String> groupNames() {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().groupNames();
    }

    /**
     * Sends one encoding of the message to every open session of the route. Does not wait: each
     * session's send succeeds or fails on its own, as {@link WsSession#send(PreparedMessage)} does.
     *
     * @param routePath the route's template exactly as configured (see {@link #sessions(String)})
     * @param message   the message, encoded once
     * @return how many sessions it was handed to; 0 when not running
     */
    public int broadcast(String routePath, PreparedMessage message) {
        int count = 0;
        for (WsSession session : sessions(routePath)) {
            session.send(message);
            count++;
        }
        return count;
    }

    private Engine runningEngine() {
        return stopped ? null : engine;
    }

    /** {@return the configuration the server was created with} */
    public WsServerConfig config() {
        return config;
    }

    /**
     * Stops accepting, sends {@code 1001 Going Away} to every session, waits up to {@code grace} for
     * their close handshakes, then closes what is left. Returns once every engine thread has ended.
     * Calling it again does nothing. The lock is not held while waiting, so handlers may still call
     * this server's methods during the grace period. An interrupt of the calling thread cuts the
     * grace period short; the threads are still ended, and the interrupt flag is restored.
     *
     * @param grace how long to wait for the close handshakes; zero cuts the connections without waiting
     * @return how many connections were still open when the grace period ended, and were closed
     *         without their close handshake; 0 when every session closed in time, and when called again
     * @throws IllegalStateException when called on one of the server's event loop threads (from a
     *                               handler): it would wait for itself
     */
    public int stop(Duration grace) {
        Engine toStop;
        synchronized (this) {
            toStop = engine;
            if (toStop != null && toStop.inEventLoop()) {
                throw new IllegalStateException("stop() waits for the event loops to end, so it cannot run on one;"
                        + " call it from another thread");
            }
            if (toStop == null || stopping) {
                stopped = true;
                return 0;
            }
            stopping = true;
        }
        int cut = toStop.stop(grace);
        stopped = true;
        return cut;
    }
}
