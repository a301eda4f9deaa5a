package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.MessageDroppedException;
import io.wsengine.OutboundLimitExceededException;
import io.wsengine.OverflowPolicy;
import io.wsengine.WsRoute;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.testing.RawWsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * {@code ws.server.overflow-policy} and {@code @WsEndpoint(overflowPolicy = ...)} against a client
 * that sends requests and does not read the replies. With executor dispatch, the calls already queued
 * when reading pauses still reply: few may wait here, so their replies fit under the 2 MB ceiling.
 */
@SpringBootTest(classes = OverflowPolicyEndpointTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.max-outbound-buffer=1MB",
        "ws.server.max-queued-messages=16",
        "ws.server.overflow-policy=drop",
        "ws.server.close-timeout=1m"})
class OverflowPolicyEndpointTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int LIMIT = 1024 * 1024;
    private static final int REQUESTS = 3072; // 12 MiB: past the socket buffers and the limit

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PausingEchoEndpoint.class, ServerPolicyEndpoint.class, ClosingEndpoint.class})
    static class App {
    }

    /** Records its last session, so the test can see the outbound buffer fill. */
    abstract static class Echo {
        volatile WsSession session;

        @OnOpen
        void open(WsSession opened) {
            session = opened;
        }

        @OnTextMessage
        String text(String text) {
            return text;
        }
    }

    @WsEndpoint(value = "/pausing", overflowPolicy = WsEndpoint.Overflow.PAUSE_READING)
    static class PausingEchoEndpoint extends Echo {
    }

    @WsEndpoint("/server-policy")
    static class ServerPolicyEndpoint extends Echo {
    }

    @WsEndpoint(value = "/closing", overflowPolicy = WsEndpoint.Overflow.CLOSE)
    static class ClosingEndpoint extends Echo {
    }

    @LocalWsServerPort
    int port;

    @Autowired
    WsServerLifecycle lifecycle;

    @Autowired
    PausingEchoEndpoint pausing;

    @Autowired
    ServerPolicyEndpoint serverPolicy;

    @Test
    void eachEndpointGetsItsPolicyOrTheServers() {
        Map<String, OverflowPolicy> policies = lifecycle.server().config().routes().stream()
                .filter(route -> route.overflowPolicy() != null)
                .collect(Collectors.toMap(WsRoute::path, WsRoute::overflowPolicy));

        assertThat(policies).containsOnly(
                Map.entry("/pausing", OverflowPolicy.PAUSE_READING), Map.entry("/closing", OverflowPolicy.CLOSE));
        assertThat(lifecycle.server().config().overflowPolicy()).isEqualTo(OverflowPolicy.DROP);
    }

    private RawWsClient openNotReading(String path) throws IOException {
        return RawWsClient.open(port, path, socket -> socket.setReceiveBufferSize(4096));
    }

    private static byte[] numberedRequests() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < REQUESTS; i++) {
            String number = i + ":";
            wire.writeBytes(RawWsClient.text(number + "x".repeat(4096 - number.length())));
        }
        return wire.toByteArray();
    }

    @Test
    void aPauseReadingEndpointEchoesEveryRequestOfAClientThatReadsLate() throws Exception {
        try (RawWsClient client = openNotReading("/pausing")) {
            byte[] wire = numberedRequests();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    client.sendRaw(wire);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(BOUND).until(() -> pausing.session != null && pausing.session.bufferedAmount() > LIMIT / 2);

            for (int i = 0; i < REQUESTS; i++) {
                RawWsClient.Frame echo = client.readFrame();
                assertThat(echo.opcode()).as("frame %d", i).isEqualTo(0x1);
                assertThat(echo.text()).as("echo %d", i).startsWith(i + ":");
            }
            writing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(pausing.session.isOpen()).isTrue();
        }
    }

    @Test
    void anEndpointWithoutAPolicyOfItsOwnDropsAsTheServerSays() throws Exception {
        try (RawWsClient client = openNotReading("/server-policy")) {
            await().atMost(BOUND).until(() -> serverPolicy.session != null);
            WsSession session = serverPolicy.session;

            CompletableFuture<Void> dropped = session.sendBinary(new byte[16 * 1024 * 1024]); // goes alone
            for (int i = 0; i < 100 && !dropped.isCompletedExceptionally(); i++) {
                dropped = session.sendText("more");
            }

            assertThat(dropped).isCompletedExceptionally();
            assertThat(dropped.handle((done, failure) -> failure).join()).isInstanceOf(MessageDroppedException.class);
            assertThat(lifecycle.server().droppedMessages()).isPositive();
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Autowired
    ClosingEndpoint closing;

    @Test
    void anEndpointsClosePolicyOverridesTheServersDrop() throws Exception {
        try (RawWsClient client = openNotReading("/closing")) {
            await().atMost(BOUND).until(() -> closing.session != null);
            WsSession session = closing.session;

            session.sendBinary(new byte[16 * 1024 * 1024]); // goes alone, and stays over the limit unread
            CompletableFuture<Void> refused = session.sendText("more");

            assertThat(refused.handle((done, failure) -> failure).join()).isInstanceOf(OutboundLimitExceededException.class);
            await().atMost(BOUND).until(() -> !session.isOpen());
            assertThat(client.readClose().closeCode()).isEqualTo(1008);
        }
    }
}
