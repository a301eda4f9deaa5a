package io.wsengine.bench;

import io.wsengine.CompressionConfig;
import io.wsengine.EchoServer;
import io.wsengine.PreparedMessage;
import io.wsengine.TlsConfig;
import io.wsengine.WsHandler;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The bare engine for the benchmarks: {@code /echo} echoes text as text and binary as binary,
 * {@code /broadcast} sends every text message it receives to every session of {@code /broadcast},
 * encoded once ({@link PreparedMessage}); a session of {@code /group/{name}} joins the group
 * {@code name}, and each text message it sends goes to every member of that group; {@code /large}
 * echoes like {@code /echo} with a message limit of 16 MiB (workload F: a 4 MiB message in fragments).
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.EngineServers --port 9001 [--event-loops N] [--max-message-size BYTES]
 *     [--tls-keystore FILE.p12 --tls-password PASSWORD] [--compression true [--context-takeover none|allowed]]</pre>
 *
 * <p>With a PKCS12 key store it serves {@code wss://} only, with the engine's TLS defaults
 * ({@code TlsConfig.builder(context).build()}: TLS 1.3 and 1.2, the JDK's cipher suites).
 *
 * <p>With {@code --compression true}, permessage-deflate with the engine's defaults
 * ({@code CompressionConfig.builder().build()}: level 6, messages from 256 bytes, no context takeover,
 * which the server imposes on every offer); {@code --context-takeover allowed} keeps contexts as the
 * client allows. Without it, {@code CompressionConfig.DISABLED}, as before.
 */
public final class EngineServers {
    /** The message limit of {@code /large}, as Autobahn's largest cases need. */
    static final long LARGE_MESSAGE_LIMIT = 16L << 20;
    static final String USAGE = "EngineServers --port N [--event-loops N] [--max-message-size BYTES]"
            + " [--tls-keystore FILE.p12 --tls-password PASSWORD] [--compression true [--context-takeover none|allowed]]";

    private EngineServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        String keyStore = a.option(BenchKeyStore.KEYSTORE_OPTION, null);
        TlsConfig tls = keyStore == null ? null : TlsConfig.builder(
                BenchKeyStore.serverContext(Path.of(keyStore), a.option(BenchKeyStore.PASSWORD_OPTION, ""))).build();
        CompressionConfig compression = compression(a);
        WsServer server = start(a.port, a.intOption("event-loops", Runtime.getRuntime().availableProcessors()),
                Long.parseLong(a.option("max-message-size", Integer.toString(1 << 20))), tls, compression);
        ServerArgs.ready("ws-engine (" + server.config().eventLoops() + " event loops" + (tls != null ? ", wss" : "")
                        + (compression.enabled() ? ", permessage-deflate, context takeover "
                        + compression.contextTakeover().name().toLowerCase(java.util.Locale.ROOT) : "") + ")",
                server.port(), "/echo, /broadcast, /group/{name}, /large");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(1));
            stopped.countDown();
        }));
        stopped.await();
    }

    /** {@code --compression} and {@code --context-takeover}: the engine's defaults when on, DISABLED when off. */
    static CompressionConfig compression(ServerArgs a) {
        if (!Boolean.parseBoolean(a.option("compression", "false"))) {
            return CompressionConfig.DISABLED;
        }
        String takeover = a.option("context-takeover", "none");
        return CompressionConfig.builder()
                .contextTakeover(CompressionConfig.ContextTakeover.valueOf(takeover.toUpperCase(java.util.Locale.ROOT)))
                .build();
    }

    /** Starts the echo and broadcast routes on 127.0.0.1. */
    public static WsServer start(int port, int eventLoops, long maxMessageSize) {
        return start(port, eventLoops, maxMessageSize, null);
    }

    /** The same, serving {@code wss://} only when {@code tls} is not null. */
    public static WsServer start(int port, int eventLoops, long maxMessageSize, TlsConfig tls) {
        return start(port, eventLoops, maxMessageSize, tls, CompressionConfig.DISABLED);
    }

    /** The same, with permessage-deflate as {@code compression} says. */
    public static WsServer start(int port, int eventLoops, long maxMessageSize, TlsConfig tls, CompressionConfig compression) {
        Broadcast broadcast = new Broadcast();
        GroupBroadcast groups = new GroupBroadcast();
        WsServerConfig.Builder config = WsServerConfig.builder()
                .bindAddress("127.0.0.1")
                .port(port)
                .eventLoops(eventLoops)
                .backlog(4096)
                .maxMessageSize(maxMessageSize)
                .compression(compression)
                .route("/echo", new EchoServer.EchoHandler())
                .route("/broadcast", broadcast)
                .route("/group/{name}", groups)
                .route(WsRoute.builder("/large", new EchoServer.EchoHandler()).maxMessageSize(LARGE_MESSAGE_LIMIT).build());
        if (tls != null) {
            config.tls(tls);
        }
        WsServer server = new WsServer(config.build());
        broadcast.server = server;
        groups.server = server;
        return server.start();
    }

    /** Sends each text message to every session of {@code /broadcast}, the sender included. */
    static final class Broadcast implements WsHandler {
        volatile WsServer server;

        @Override
        public void onText(WsSession session, String text) {
            server.broadcast("/broadcast", PreparedMessage.text(text));
        }
    }

    /** Joins the group of its path; sends each text message to every member of it, the sender included. */
    static final class GroupBroadcast implements WsHandler {
        volatile WsServer server;

        @Override
        public void onOpen(WsSession session) {
            session.join(session.pathParams().get("name"));
        }

        @Override
        public void onText(WsSession session, String text) {
            PreparedMessage message = PreparedMessage.text(text);
            for (WsSession member : server.group(session.pathParams().get("name"))) {
                member.send(message);
            }
        }
    }
}
