package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine counts every route's messages and bytes each way, sends from any thread included. */
class MessageCountsTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    private final TestServers servers = new TestServers();
    private final RecordingHandler echo = RecordingHandler.echoing();
    private final RecordingHandler quiet = new RecordingHandler();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void countsByRouteTemplateTypeAndDirection() {
        WsServer server = servers.start(WsServerConfig.builder().bindAddress("127.0.0.1").port(0).eventLoops(2)
                .route("/chat/{room}", echo).route("/quiet", quiet));
        assertThat(server.messageCounts("/chat/{room}")).isEqualTo(MessageCounts.NONE);

        for (String room : new String[] {"/chat/a", "/chat/b"}) { // two connections, on the two loops
            try (JdkWsClient client = JdkWsClient.connect(server.port(), room)) {
                client.sendText("héllo"); // 6 bytes in UTF-8
                assertThat(client.awaitText()).isEqualTo("héllo");
                client.sendBinary(new byte[300]);
                assertThat(client.awaitBinary()).hasSize(300);
            }
        }
        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/quiet")) {
            WsSession session = quiet.awaitOpen();
            session.sendText("from the test's thread, not a loop's").join();
            assertThat(client.awaitText()).startsWith("from the test");
        }

        await().atMost(BOUND).until(() -> server.messageCounts("/chat/{room}").binaryMessagesSent() == 2);
        assertThat(server.messageCounts("/chat/{room}")).isEqualTo(new MessageCounts(2, 12, 2, 600, 2, 12, 2, 600));
        assertThat(server.messageCounts("/quiet")).isEqualTo(new MessageCounts(0, 0, 0, 0, 1, 36, 0, 0));
        assertThat(server.messageCounts("/chat/a")).as("a raw path is not a template").isEqualTo(MessageCounts.NONE);

        server.stop(Duration.ofSeconds(5));
        assertThat(server.messageCounts("/quiet").textMessagesSent()).as("readable after stop").isEqualTo(1);
    }

    @Test
    void noCountsBeforeStart() {
        WsServer server = new WsServer(WsServerConfig.builder().route("/ws", echo).build());

        assertThat(server.messageCounts("/ws")).isEqualTo(MessageCounts.NONE);
    }
}
