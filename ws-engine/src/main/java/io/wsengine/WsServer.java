package io.wsengine;

import io.wsengine.internal.server.Engine;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

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

    public WsServer(WsServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Binds the port and starts the event loops.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound, such as a port in use
     * @throws IllegalStateException        when already started
     */
    public synchronized WsServer start() {
        if (engine != null || stopped) {
            throw new IllegalStateException("a WsServer can be started once");
        }
        engine = Engine.start(config);
        return this;
    }

    /** The port listened on, the chosen one when configured with 0. */
    public int port() {
        Engine engine = this.engine;
        if (engine == null) {
            throw new IllegalStateException("not started");
        }
        return engine.port();
    }

    public boolean isRunning() {
        return engine != null && !stopped;
    }

    /** Open connections, handshakes in progress included. */
    public int connectionCount() {
        Engine running = runningEngine();
        return running == null ? 0 : running.connectionCount();
    }

    /**
     * Messages and pongs dropped because a session's outbound buffer was full, under
     * {@link OverflowPolicy#DROP}, since start (still readable after stop).
     */
    public long droppedMessages() {
        Engine started = engine;
        return started == null ? 0 : started.droppedMessages();
    }

    /**
     * The open sessions of the route with this path template (as configured, such as
     * {@code /chat/{room}}): a live, read-only view. Empty before start and after stop.
     */
    public Set<WsSession> sessions(String routePath) {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().sessions(routePath);
    }

    /** The sessions that joined the group ({@link WsSession#join(String)}): a live, read-only view. */
    public Set<WsSession> group(String name) {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().group(name);
    }

    /** Names of the groups that have members. */
    public Set<String> groupNames() {
        Engine running = runningEngine();
        return running == null ? Set.of() : running.registry().groupNames();
    }

    /** Sends one encoding of the message to every open session of the route; returns how many it went to. */
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

    public WsServerConfig config() {
        return config;
    }

    /**
     * Stops accepting, sends {@code 1001 Going Away} to every session, waits up to {@code grace} for
     * their close handshakes, then closes what is left. Returns once every engine thread has ended.
     * Calling it again does nothing. The lock is not held while waiting, so handlers may still call
     * this server's methods during the grace period.
     *
     * @throws IllegalStateException when called on one of the server's event loop threads (from a
     *                               handler): it would wait for itself
     */
    public void stop(Duration grace) {
        Engine toStop;
        synchronized (this) {
            toStop = engine;
            if (toStop != null && toStop.inEventLoop()) {
                throw new IllegalStateException("stop() waits for the event loops to end, so it cannot run on one;"
                        + " call it from another thread");
            }
            if (toStop == null || stopping) {
                stopped = true;
                return;
            }
            stopping = true;
        }
        toStop.stop(grace);
        stopped = true;
    }
}
