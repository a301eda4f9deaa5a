package io.wsengine.bench;

import io.wsengine.EchoServer;
import io.wsengine.PreparedMessage;
import io.wsengine.WsHandler;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The bare engine for the benchmarks: {@code /echo} echoes text as text and binary as binary,
 * {@code /broadcast} sends every text message it receives to every session of {@code /broadcast},
 * encoded once ({@link PreparedMessage}); a session of {@code /group/{name}} joins the group
 * {@code name}, and each text message it sends goes to every member of that group; {@code /large}
 * echoes like {@code /echo} with a message limit of 16 MiB (workload F: a 4 MiB message in fragments).
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.EngineServers --port 9001 [--event-loops N] [--max-message-size BYTES]</pre>
 */
public final class EngineServers {
    /** The message limit of {@code /large}, as Autobahn's largest cases need. */
    static final long LARGE_MESSAGE_LIMIT = 16L << 20;
    static final String USAGE = "EngineServers --port N [--event-loops N] [--max-message-size BYTES]";

    private EngineServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        WsServer server = start(a.port, a.intOption("event-loops", Runtime.getRuntime().availableProcessors()),
                Long.parseLong(a.option("max-message-size", Integer.toString(1 << 20))));
        ServerArgs.ready("ws-engine (" + server.config().eventLoops() + " event loops)", server.port(),
                "/echo, /broadcast, /group/{name}, /large");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(1));
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts the echo and broadcast routes on 127.0.0.1. */
    public static WsServer start(int port, int eventLoops, long maxMessageSize) {
        Broadcast broadcast = new Broadcast();
        GroupBroadcast groups = new GroupBroadcast();
        WsServer server = new WsServer(WsServerConfig.builder()
                .bindAddress("127.0.0.1")
                .port(port)
                .eventLoops(eventLoops)
                .backlog(4096)
                .maxMessageSize(maxMessageSize)
                .route("/echo", new EchoServer.EchoHandler())
                .route("/broadcast", broadcast)
                .route("/group/{name}", groups)
                .route(WsRoute.builder("/large", new EchoServer.EchoHandler()).maxMessageSize(LARGE_MESSAGE_LIMIT).build())
                .build());
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
