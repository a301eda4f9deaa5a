package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hosted-connection SPI without a servlet container: the engine decides a host's request and runs
 * the session over an in-memory {@link HostedChannel}, as the starter's servlet glue does over Tomcat
 * and Jetty (whose tests are in ws-spring-boot-integration-tests).
 */
class HostedConnectionTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress WEB_PORT = new InetSocketAddress("127.0.0.1", 8080);

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();

    @AfterEach
    void stop() {
        servers.close();
    }

    /** The host's side: bytes the client sent, waiting to be read; bytes the engine wrote. */
    static final class MemoryChannel implements HostedChannel {
        final ConcurrentLinkedQueue<ByteBuffer> inbound = new ConcurrentLinkedQueue<>();
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean failWrites;
        volatile boolean closed;

        @Override
        public int read(ByteBuffer into) {
            ByteBuffer next = inbound.peek();
            if (next == null) {
                return closed ? -1 : 0;
            }
            int count = Math.min(into.remaining(), next.remaining());
            into.put(next.slice(next.position(), count));
            next.position(next.position() + count);
            if (!next.hasRemaining()) {
                inbound.poll();
            }
            return count;
        }

        @Override
        public int write(ByteBuffer from) {
            if (failWrites) {
                throw new IllegalStateException("the container closed the stream");
            }
            int count = from.remaining();
            byte[] bytes = new byte[count];
            from.get(bytes);
            synchronized (written) {
                written.write(bytes, 0, count);
            }
            return count;
        }

        @Override
        public void close() {
            closed = true;
        }

        String writtenText() {
            synchronized (written) {
                return written.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static HostedRequest upgrade(String target, String... extraHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry("Host", "127.0.0.1:8080"), Map.entry("Upgrade", "websocket"),
                Map.entry("Connection", "Upgrade"), Map.entry("Sec-WebSocket-Key", RawWsClient.KEY),
                Map.entry("Sec-WebSocket-Version", "13")));
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.add(Map.entry(extraHeaders[i], extraHeaders[i + 1]));
        }
        return new HostedRequest("GET", target, headers, CLIENT, WEB_PORT, () -> "ada");
    }

    private WsServer hostOnly() {
        return servers.start(TestServers.local().listening(false).eventLoops(1).route("/echo", handler));
    }

    private static HostedUpgrade decide(WsServer server, HostedRequest request) throws Exception {
        return server.decide(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void serverWithoutAPortOfItsOwnDecidesAndRunsHostedSessions() throws Exception {
        WsServer server = hostOnly();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(server.serves("/echo")).isTrue();
        assertThat(server.serves("/elsewhere")).isFalse();

        HostedUpgrade upgrade = decide(server, upgrade("/echo?x=1"));

        assertThat(upgrade.isAccepted()).isTrue();
        assertThat(upgrade.status()).isEqualTo(101);
        // RFC 6455 section 4.2.2: the accept key of the example nonce
        assertThat(upgrade.headers()).containsEntry("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                .containsEntry("Upgrade", "websocket");
        MemoryChannel channel = new MemoryChannel();
        HostedConnection connection = upgrade.open(channel);
        channel.inbound.add(ByteBuffer.wrap(RawWsClient.text("hello")));
        connection.readable();

        await().atMost(Duration.ofSeconds(10)).until(() -> channel.writtenText().endsWith("hello"));
        WsSession session = handler.awaitOpen();
        assertThat(session.handshake().hosted()).isTrue();
        assertThat(session.localAddress()).isEqualTo(WEB_PORT);
        assertThat(session.principal()).hasValueSatisfying(principal -> assertThat(principal.getName()).isEqualTo("ada"));
        assertThat(channel.writtenText()).as("the host writes the 101, not the engine").doesNotContain("HTTP/1.1");
    }

    @Test
    void theAgreedExtensionIsAmongTheHeadersForTheHostToWrite() throws Exception {
        WsServer server = servers.start(TestServers.local().listening(false).eventLoops(1).route("/echo", handler)
                .compression(CompressionConfig.builder().enabled(true)
                        .contextTakeover(CompressionConfig.ContextTakeover.ALLOWED).build()));

        HostedUpgrade upgrade = decide(server, upgrade("/echo", "Sec-WebSocket-Extensions", "permessage-deflate; bad",
                "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));

        String agreed = "permessage-deflate"; // contexts allowed, and none asked for
        assertThat(upgrade.headers()).containsEntry("Sec-WebSocket-Extensions", agreed);
        upgrade.open(new MemoryChannel());
        assertThat(handler.awaitOpen().extensions()).isEqualTo(agreed);
        assertThat(decide(server, upgrade("/echo")).headers()).doesNotContainKey("Sec-WebSocket-Extensions");
    }

    @Test
    void refusalComesWithTheStatusAndHeadersForTheHostToWrite() throws Exception {
        WsServer server = hostOnly();

        HostedUpgrade refused = decide(server, new HostedRequest("GET", "/echo",
                List.of(Map.entry("Host", "x"), Map.entry("Upgrade", "websocket"), Map.entry("Connection", "Upgrade"),
                        Map.entry("Sec-WebSocket-Key", RawWsClient.KEY), Map.entry("Sec-WebSocket-Version", "8")),
                CLIENT, WEB_PORT, null));

        assertThat(refused.isAccepted()).isFalse();
        assertThat(refused.status()).isEqualTo(426);
        assertThat(refused.headers()).containsEntry("Sec-WebSocket-Version", "13");
        assertThatThrownBy(() -> refused.open(new MemoryChannel())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAcceptedUpgradeOpensOnce() throws Exception {
        HostedUpgrade upgrade = decide(hostOnly(), upgrade("/echo"));
        upgrade.open(new MemoryChannel());

        assertThatThrownBy(() -> upgrade.open(new MemoryChannel())).isInstanceOf(IllegalStateException.class);
    }

    // A host's stream can fail with an unchecked exception (Tomcat's throws IllegalStateException once
    // closed): the session is lost, its loop is not.
    @Test
    void aHostsUncheckedFailureClosesItsSessionAndTheLoopServesOn() throws Exception {
        WsServer server = hostOnly();
        MemoryChannel failing = new MemoryChannel();
        failing.failWrites = true;
        HostedConnection first = decide(server, upgrade("/echo")).open(failing);
        failing.inbound.add(ByteBuffer.wrap(RawWsClient.text("boom")));
        first.readable();

        assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
        assertThat(failing.closed).isTrue();

        MemoryChannel healthy = new MemoryChannel();
        HostedConnection second = decide(server, upgrade("/echo")).open(healthy);
        healthy.inbound.add(ByteBuffer.wrap(RawWsClient.text("still here")));
        second.readable();
        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.writtenText().endsWith("still here"));
    }

    @Test
    void stopSaysGoingAwayToHostedSessions() throws Exception {
        WsServer server = hostOnly();
        MemoryChannel channel = new MemoryChannel();
        decide(server, upgrade("/echo")).open(channel);
        handler.awaitOpen();

        server.stop(Duration.ofMillis(200));

        assertThat(channel.writtenText()).contains("server shutting down");
        assertThat(channel.closed).isTrue();
    }

    // A host that runs its callbacks on the session's loop (the starter's Tomcat glue for TLS sockets)
    @Test
    void newsGivenOnTheSessionsLoopIsTakenThere() throws Exception {
        MemoryChannel channel = new MemoryChannel();
        HostedConnection connection = decide(hostOnly(), upgrade("/echo")).open(channel);
        WsSession session = handler.awaitOpen();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();

        connection.eventLoop().execute(() -> {
            ranOn.complete(Thread.currentThread());
            channel.inbound.add(ByteBuffer.wrap(RawWsClient.text("from the loop")));
            connection.readable();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> channel.writtenText().endsWith("from the loop"));
        CompletableFuture<Thread> sessionLoop = new CompletableFuture<>();
        session.eventLoop().execute(() -> sessionLoop.complete(Thread.currentThread()));
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(sessionLoop.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anEndedLoopRefusesTheHostsTasks() throws Exception {
        WsServer server = hostOnly();
        HostedConnection connection = decide(server, upgrade("/echo")).open(new MemoryChannel());
        handler.awaitOpen();

        server.stop(Duration.ofMillis(200));

        assertThatThrownBy(() -> connection.eventLoop().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("has ended");
    }
}
