package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Without the cluster, the same {@link WsPresence} answers from this node's memory, with no Redis at all. */
class PresenceInMemoryTest {
    private final ConfigurableApplicationContext node = PresenceApp.start(PresenceApp.properties(null, false));

    @AfterEach
    void stop() {
        node.close();
    }

    private TestClient enter(String group, String name) {
        TestClient client = TestClient.connect(PresenceApp.port(node), "/presence/" + group + "/" + name);
        assertThat(client.nextText()).isEqualTo("entered");
        return client;
    }

    @Test
    void answersFromMemoryAndSessionsLeaveByLeavingOrClosing() throws Exception {
        WsPresence presence = node.getBean(WsPresence.class);
        assertThat(presence).isInstanceOf(InMemoryWsPresence.class);
        try (TestClient ada = enter("lobby", "ada"); TestClient grace = enter("lobby", "grace");
             TestClient adaAgain = enter("lobby", "ada")) {
            // Entered in the open callback, which ran before "entered" came: no wait.
            assertThat(presence.members("lobby")).containsExactlyInAnyOrder("ada", "grace");
            assertThat(presence.membersAsync("lobby").toCompletableFuture().get(1, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrder("ada", "grace");

            grace.send("leave");
            assertThat(grace.nextText()).isEqualTo("left");
            assertThat(presence.members("lobby")).containsExactly("ada");

            ada.closeNormally();
            assertThat(presence.members("lobby")).containsExactly("ada"); // its second session is still there
            adaAgain.closeNormally();
            await().atMost(Duration.ofSeconds(10)).until(() -> presence.members("lobby").isEmpty());
        }
    }
}
