package io.wsengine.spring;

import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Runs the {@link WsServer} with the application context: starts it once the beans are ready,
 * publishes the port as {@code local.ws.server.port}, and on shutdown sends {@code 1001} to every
 * session and waits for the close handshakes, up to {@code ws.server.shutdown-grace} and never longer
 * than {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public class WsServerLifecycle implements SmartLifecycle {
    /** Started late and stopped early, as Spring's own web servers are. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final String PORT_SOURCE = "ws.server.ports";
    private static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

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
    }

    @Override
    public void stop() {
        WsServer running = server;
        if (running != null) {
            running.stop(shutdownBound());
            server = null;
        }
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
