package io.wsengine.testing;

import io.wsengine.CloseStatus;
import io.wsengine.CompressionConfig;
import io.wsengine.EchoServer;
import io.wsengine.WsServer;
import io.wsengine.WsHandler;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import io.wsengine.internal.deflate.Zlib;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compressing echo server for a child JVM whose native memory a test watches: one event loop,
 * permessage-deflate with context takeover allowed (so a client that offers it gets a connection that
 * owns its Inflater and Deflater). It prints {@code churn: port N}, then answers each line on its
 * standard input: {@code report} with one {@link #report() report line}, {@code stop} by stopping the
 * server, reporting, and exiting.
 */
public final class CompressionChurnServer {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private CompressionChurnServer() {
    }

    public static void main(String[] args) throws IOException {
        WsServer server = new WsServer(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).eventLoops(1)
                .compression(CompressionConfig.builder().enabled(true)
                        .contextTakeover(CompressionConfig.ContextTakeover.ALLOWED).build())
                .route("/echo", new CountingEcho())
                .build()).start();
        System.out.println("churn: port " + server.port());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = commands.readLine()) != null; ) {
            if (command.equals("stop")) {
                server.stop(Duration.ofSeconds(5));
                System.out.println(report());
                return;
            }
            System.out.println(report());
        }
        server.stop(Duration.ofSeconds(5));
    }

    /**
     * {@return {@code churn: zlib=Z rss=R heap=H open=O}: the Inflaters and Deflaters not yet ended
     * ({@link Zlib#open()}), the resident set and the heap in use in KiB, the sessions open}
     */
    static String report() throws IOException {
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElse(-1);
        Runtime runtime = Runtime.getRuntime();
        return "churn: zlib=" + Zlib.open() + " rss=" + rss + " heap=" + (runtime.totalMemory() - runtime.freeMemory()) / 1024
                + " open=" + OPEN.get();
    }

    /** The engine's echo handler, counting the sessions as they open and close. */
    private static final class CountingEcho implements WsHandler {
        private final EchoServer.EchoHandler echo = new EchoServer.EchoHandler();

        @Override
        public void onOpen(WsSession session) {
            OPEN.incrementAndGet();
        }

        @Override
        public void onText(WsSession session, String text) {
            echo.onText(session, text);
        }

        @Override
        public void onBinary(WsSession session, ByteBuffer data) {
            echo.onBinary(session, data);
        }

        @Override
        public void onClose(WsSession session, CloseStatus status) {
            OPEN.decrementAndGet();
        }
    }
}
