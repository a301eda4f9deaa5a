package io.wsengine.testing;

import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts servers on {@code 127.0.0.1} and a free port, and stops every one it started: call
 * {@link #close()} from {@code @AfterEach} so that no loop thread or socket outlives its test.
 */
public final class TestServers implements AutoCloseable {
    private final List<WsServer> started = new ArrayList<>();

    /** A builder bound to the loopback address and port 0. */
    public static WsServerConfig.Builder local() {
        return WsServerConfig.builder().bindAddress("127.0.0.1").port(0);
    }

    public WsServer start(WsServerConfig.Builder config) {
        return start(config.build());
    }

    public WsServer start(WsServerConfig config) {
        WsServer server = new WsServer(config);
        started.add(server); // before start: a failed start is stopped too, harmlessly
        return server.start();
    }

    @Override
    public void close() {
        for (WsServer server : started) {
            // cleanup only: a session the test left silent (a raw client, a memory channel) is cut soon
            server.stop(Duration.ofMillis(500));
        }
        started.clear();
    }
}
