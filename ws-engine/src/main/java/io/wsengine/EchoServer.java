package io.wsengine;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Echoes text as text and binary as binary on any path: a bare engine for conformance suites and
 * load tools.
 *
 * <pre>
 * java -cp ws-engine-VERSION.jar io.wsengine.EchoServer --port 9001
 *     [--host 0.0.0.0] [--event-loops N] [--max-message-size BYTES]
 * </pre>
 */
public final class EchoServer {
    /** Conformance suites send messages of up to 16 MiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;

    private EchoServer() {
    }

    /** Echoes every message back to its sender. */
    public static final class EchoHandler implements WsHandler {
        /** Creates the handler; it keeps no state, so one serves every session. */
        public EchoHandler() {
        }

        @Override
        public void onText(WsSession session, String text) {
            session.sendText(text);
        }

        @Override
        public void onBinary(WsSession session, ByteBuffer data) {
            session.sendBinary(data);
        }
    }

    /**
     * Runs the echo server until the JVM is stopped (a shutdown hook stops it with 2 s of grace).
     *
     * @param args the options above; the port defaults to 9001, the message size limit to 64 MiB, and
     *             an invalid option prints the usage and exits with status 2
     * @throws InterruptedException if the main thread is interrupted while the server runs
     */
    public static void main(String[] args) throws InterruptedException {
        WsServerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EchoServer: " + e.getMessage());
            System.err.println("usage: EchoServer [--port 9001] [--host 0.0.0.0] [--event-loops N]"
                    + " [--max-message-size BYTES]");
            System.exit(2);
            return;
        }
        WsServer server = new WsServer(config).start();
        System.out.println("EchoServer listening on " + config.bindAddress().getHostAddress() + ":" + server.port()
                + " (" + config.eventLoops() + " event loops, max message " + config.maxMessageSize() + " bytes)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(2));
            stopped.countDown();
        }));
        stopped.await();
    }

    static WsServerConfig parse(String[] args) {
        WsServerConfig.Builder builder = WsServerConfig.builder()
                .port(9001)
                .maxMessageSize(DEFAULT_MAX_MESSAGE_SIZE)
                .route("/**", new EchoHandler());
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(number(option, value));
                case "--host" -> builder.bindAddress(value);
                case "--event-loops" -> builder.eventLoops(number(option, value));
                case "--max-message-size" -> builder.maxMessageSize(longNumber(option, value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return builder.build();
    }

    private static long longNumber(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number of bytes, not '" + value + "'");
        }
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }
}
