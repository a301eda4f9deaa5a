package io.wsengine.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12.1 WebSocket on the core handler API (no servlets): {@code /echo} sends every message
 * back, {@code /broadcast} sends each text message to every session of {@code /broadcast}, {@code /large}
 * echoes with message limits of 16 MiB. permessage-deflate is on, as Jetty's WebSocket server has it by
 * default (its extension registry offers it to every upgrade; Jetty keeps contexts as the client's offer
 * allows): only a client that offers it gets it, so {@code jetty} and {@code jetty-deflate} are one server,
 * and {@code --deflate true} only checks at start-up that the extension is there.
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.JettyEchoServer --port 9001</pre>
 */
public final class JettyEchoServer {
    static final String USAGE = "JettyEchoServer --port N [--deflate true]";
    private static final int LARGE_MESSAGE_LIMIT = 16 << 20;

    private JettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        boolean deflate = Boolean.parseBoolean(a.option("deflate", "false"));
        if (deflate && !new WebSocketExtensionRegistry().isAvailable("permessage-deflate")) {
            ServerArgs.fail("this Jetty has no permessage-deflate", USAGE);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(a.port);
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(Duration.ofMinutes(10).toMillis());
        server.addConnector(connector);
        Set<Session> broadcastSessions = ConcurrentHashMap.newKeySet();
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(1 << 20);
            container.setMaxBinaryMessageSize(1 << 20);
            // The default (30 s) would close the idle-connection workload's connections.
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/echo", (request, response, callback) -> new EchoEndpoint());
            container.addMapping("/broadcast", (request, response, callback) -> new BroadcastEndpoint(broadcastSessions));
            container.addMapping("/large", (request, response, callback) -> new LargeEchoEndpoint());
        }));
        server.setStopAtShutdown(true);
        server.setStopTimeout(1000);
        server.start();
        ServerArgs.ready("Jetty " + Server.getVersion() + (deflate ? ", permessage-deflate (Jetty's default)" : ""), connector.getLocalPort(), "/echo, /broadcast, /large");
        server.join();
    }

    /** Echoes text as text and binary as binary. Public: Jetty looks its methods up reflectively. */
    public static final class EchoEndpoint implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            // The buffer stays valid until the callback completes: once it has been written back.
            session.sendBinary(payload, callback);
        }

        /** The benchmark resets idle connections when it is done with them: no warning per connection. */
        @Override
        public void onWebSocketError(Throwable cause) {
        }
    }

    /** The echo with message limits of 16 MiB for its own sessions (workload F). */
    public static final class LargeEchoEndpoint implements Session.Listener.AutoDemanding {
        private final EchoEndpoint echo = new EchoEndpoint();

        @Override
        public void onWebSocketOpen(Session session) {
            session.setMaxTextMessageSize(LARGE_MESSAGE_LIMIT);
            session.setMaxBinaryMessageSize(LARGE_MESSAGE_LIMIT);
            echo.onWebSocketOpen(session);
        }

        @Override
        public void onWebSocketText(String message) {
            echo.onWebSocketText(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            echo.onWebSocketBinary(payload, callback);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
        }
    }

    /** Sends each text message to every open session of {@code /broadcast}, the sender included. */
    public static final class BroadcastEndpoint implements Session.Listener.AutoDemanding {
        private final Set<Session> sessions;
        private Session session;

        BroadcastEndpoint(Set<Session> sessions) {
            this.sessions = sessions;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            sessions.add(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            sessions.remove(session);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
        }

        @Override
        public void onWebSocketText(String message) {
            for (Session receiver : sessions) {
                receiver.sendText(message, Callback.NOOP);
            }
        }
    }
}
