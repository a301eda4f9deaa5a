package io.wsengine.spring;

import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Runs the {@link WsServer} with the application context: starts it once the beans are ready,
 * publishes the port as {@code local.ws.server.port}, and on shutdown sends {@code 1001} to every
 * session and waits up to {@code ws.server.shutdown-grace} for the close handshakes.
 */
public class WsServerLifecycle implements SmartLifecycle {
    /** Started late and stopped early, as Spring's own web servers are. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final String PORT_SOURCE = "ws.server.ports";

    private final Supplier<WsServerConfig> config;
    private final WsServerProperties properties;
    private final ConfigurableEnvironment environment;
    private volatile WsServer server;

    /** @param config builds the engine configuration when the server starts, after every bean exists */
    public WsServerLifecycle(Supplier<WsServerConfig> config, WsServerProperties properties,
                             ConfigurableEnvironment environment) {
        this.config = config;
        this.properties = properties;
        this.environment = environment;
    }

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
            running.stop(properties.getShutdownGrace());
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running server, or null when stopped. */
    public WsServer server() {
        return server;
    }

    /** The port listened on. */
    public int port() {
        WsServer running = server;
        if (running == null) {
            throw new IllegalStateException("the WebSocket server is not running");
        }
        return running.port();
    }
}
