package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Ping and pong with the JDK's client, both directions (RFC 6455 sections 5.5.2 and 5.5.3). */
@ParameterizedClass
@EnumSource(TestTransport.class)
class PingPongIntegrationTest {
    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = new RecordingHandler();
    private JdkWsClient client;
    private WsSession session;

    @BeforeEach
    void start() {
        int port = servers.start(transport.local().route("/ws", handler)).port();
        client = transport.connectJdk(port, "/ws");
        session = handler.awaitOpen();
    }

    @AfterEach
    void stop() {
        client.close();
        servers.close();
    }

    // Section 5.5.3: a pong in response to a ping carries the ping's application data.
    @Test
    void answersClientPingWithPongOfTheSamePayload() {
        byte[] payload = "ping ✓ 😀".getBytes(StandardCharsets.UTF_8);

        client.sendPing(payload);

        assertThat(client.awaitPong()).isEqualTo(payload);
    }

    @Test
    void answersClientPingOfTheLargestControlPayload() {
        byte[] payload = new byte[125];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }

        client.sendPing(payload);

        assertThat(client.awaitPong()).isEqualTo(payload);
    }

    @Test
    void answersEmptyClientPingWithEmptyPong() {
        client.sendPing(new byte[0]);

        assertThat(client.awaitPong()).isEmpty();
    }

    @Test
    void serverPingReachesTheClientsOnPing() {
        byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);

        JdkWsClient.await(session.ping(ByteBuffer.wrap(payload)), "the ping's future");

        assertThat(client.awaitPing()).isEqualTo(payload);
    }

    @Test
    void clientsPongToServerPingReachesHandlerOnPong() {
        byte[] payload = {1, 2, 3, 4, 5};

        session.ping(ByteBuffer.wrap(payload));

        assertThat(handler.awaitPong()).isEqualTo(payload); // the JDK's client answers pings by itself
    }

    @Test
    void pingDoesNotConsumeTheCallersBuffer() {
        ByteBuffer payload = ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8));

        JdkWsClient.await(session.ping(payload), "the ping's future");

        assertThat(payload.remaining()).isEqualTo(3);
        assertThat(client.awaitPing()).asString(StandardCharsets.UTF_8).isEqualTo("abc");
    }

    // Section 5.5: control frames carry at most 125 bytes.
    @Test
    void refusesServerPingOverControlFrameLimit() {
        assertThatThrownBy(() -> session.ping(ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("125");
    }
}
