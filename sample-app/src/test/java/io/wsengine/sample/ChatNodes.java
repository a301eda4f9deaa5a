package io.wsengine.sample;

import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nodes of the sample in this JVM, each its own application context with the cluster profile, on one
 * Redis: as the README's two commands run it, with a web port and an engine port of its own each (the
 * engine's fixed, so that it can be stopped and started again on the same one).
 */
final class ChatNodes implements AutoCloseable {
    private final RedisServer redis;
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    ChatNodes(RedisServer redis) {
        this.redis = redis;
    }

    ConfigurableApplicationContext start(String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=cluster", "--server.port=0",
                "--ws.server.port=" + freePort(), "--ws.server.shutdown-grace=1s",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
                "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext node = SpringApplication.run(ChatApplication.class, arguments.toArray(String[]::new));
        synchronized (nodes) {
            nodes.add(node);
        }
        return node;
    }

    static int webPort(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    static WsServerLifecycle engine(ConfigurableApplicationContext node) {
        return node.getBean(WsServerLifecycle.class);
    }

    /** Stops the node, as a restart or a crash that the other nodes see the end of. */
    void stop(ConfigurableApplicationContext node) {
        synchronized (nodes) {
            nodes.remove(node);
        }
        node.close();
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> running;
        synchronized (nodes) {
            running = new ArrayList<>(nodes);
            nodes.clear();
        }
        running.forEach(ConfigurableApplicationContext::close);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
