package io.wsengine.spring;

import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Runs the {@link WsServer} with the application context: starts it once the beans are ready,
 * publishes the port as {@code local.ws.server.port}, and on shutdown sends {@code 1001} to every
 * session and waits for the close handshakes, up to {@code ws.server.shutdown-grace} and never longer
 * than {@code spring.lifecycle.timeout-per-shutdown-phase}. Logs one INFO line when started (where,
 * which endpoints, how methods are dispatched) and one when stopped (how many sessions closed in time,
 * how many were cut when the grace period ended).
 */
public class WsServerLifecycle implements SmartLifecycle {
    /** Started late and stopped early, as Spring's own web servers are. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final String PORT_SOURCE = "ws.server.ports";
    private static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Log LOG = LogFactory.getLog(WsServerLifecycle.class);

    private final Supplier<WsServerConfig> config;
    private final WsServerProperties properties;
    private final ConfigurableEnvironment environment;
    private volatile WsServer server;

    /**
     * Creates the lifecycle; the auto-configuration defines one as a bean.
     *
     * @param config      builds the engine configuration when the server starts, after every bean exists
     * @param properties  the {@code ws.server.*} settings, for the shutdown grace
     * @param environment where the port is published and the shutdown phase's timeout is read
     */
    public WsServerLifecycle(Supplier<WsServerConfig> config, WsServerProperties properties,
                             ConfigurableEnvironment environment) {
        this.config = config;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Builds the configuration, starts the server and publishes its port as
     * {@value LocalWsServerPort#PROPERTY}.
     *
     * @throws WsServerStartException if the address cannot be bound, such as a port in use
     */
    @Override
    public void start() {
        WsServerConfig built = config.get();
        try {
            server = new WsServer(built).start();
        } catch (UncheckedIOException e) {
            throw new WsServerStartException("WebSocket server could not listen on "
                    + built.bindAddress().getHostAddress() + ":" + built.port() + ": " + e.getCause().getMessage(),
                    built.port(), e);
        }
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(PORT_SOURCE);
        sources.addFirst(new MapPropertySource(PORT_SOURCE, Map.of(LocalWsServerPort.PROPERTY, server.port())));
        if (LOG.isInfoEnabled()) {
            LOG.info(startedLine(server));
        }
    }

    /** Like Tomcat's "Tomcat started on port 8080": where it listens, what it serves, how it dispatches. */
    private String startedLine(WsServer started) {
        WsServerConfig built = started.config();
        String where = built.listening()
                ? built.bindAddress().getHostAddress() + ":" + started.port()
                        + (started.tls().isPresent() ? " (wss://)" : " (ws://)")
                        + (properties.getServeOn() == WsServerProperties.ServeOn.BOTH ? " and on the web server's port" : "")
                : "the web server's port (ws.server.serve-on=web-port)";
        String endpoints = built.routes().stream().map(route -> route.path()).collect(Collectors.joining(", "));
        return "WebSocket server started on " + where + ", endpoints " + endpoints + "; dispatch "
                + properties.getDispatch().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void stop() {
        WsServer running = server;
        if (running != null) {
            int open = openSessions(running);
            Duration bound = shutdownBound();
            int cut = running.stop(bound);
            server = null;
            if (LOG.isInfoEnabled()) {
                // what was cut counts connections, so a session opened during the grace period may make it exceed the open count
                LOG.info("WebSocket server stopped: " + Math.max(0, open - cut) + " of " + open
                        + " sessions closed cleanly, " + cut + " cut when the " + bound.toMillis() + " ms grace period ended");
            }
        }
    }

    private static int openSessions(WsServer running) {
        int open = 0;
        for (WsRoute route : running.config().routes()) {
            open += running.sessions(route.path()).size();
        }
        return open;
    }

    /** The shutdown grace, cut to Spring's own limit for a shutdown phase when that is shorter. */
    Duration shutdownBound() {
        Duration grace = properties.getShutdownGrace();
        Duration phaseTimeout = Binder.get(environment).bind(PHASE_TIMEOUT, Duration.class).orElse(DEFAULT_PHASE_TIMEOUT);
        return grace.compareTo(phaseTimeout) <= 0 ? grace : phaseTimeout;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** {@return the running server, or null when not started or stopped} */
    public WsServer server() {
        return server;
    }

    /**
     * The port listened on, the chosen one when {@code ws.server.port=0}.
     *
     * @return the local port
     * @throws IllegalStateException when the server is not running
     */
    public int port() {
        WsServer running = server;
        if (running == null) {
            throw new IllegalStateException("the WebSocket server is not running");
        }
        return running.port();
    }
}
