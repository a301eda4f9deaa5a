package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.SilentClient;
import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** One INFO line when the server starts (where, what, how dispatched), one when it stops (closed in time, cut). */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleLogLinesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class))
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop")
            .withUserConfiguration(Echo.class, Chat.class);

    @WsEndpoint("/echo")
    static class Echo {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @WsEndpoint("/chat/{room}")
    static class Chat {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @Test
    void startingLogsTheAddressTheEndpointsAndTheDispatch(CapturedOutput output) {
        runner.run(context -> {
            int port = context.getBean(WsServerLifecycle.class).port();
            assertThat(output.getOut()).containsOnlyOnce("WebSocket server started on 127.0.0.1:" + port + " (ws://), endpoints ")
                    .contains("/echo").contains("/chat/{room}").contains("; dispatch event-loop");
        });
    }

    @Test
    void stoppingLogsTheSessionsClosedCleanlyAndThoseCutWhenTheGraceEnded(CapturedOutput output) {
        runner.withPropertyValues("ws.server.shutdown-grace=300ms").run(context -> {
            WsServerLifecycle lifecycle = context.getBean(WsServerLifecycle.class);
            try (TestClient polite = TestClient.connect(lifecycle.port(), "/echo"); // answers the 1001
                 SilentClient silent = SilentClient.connect(lifecycle.port(), "/chat/a")) { // never does
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        lifecycle.server().sessions("/echo").size() + lifecycle.server().sessions("/chat/{room}").size() == 2);
                lifecycle.stop();
            }
            assertThat(output.getOut()).containsOnlyOnce(
                    "WebSocket server stopped: 1 of 2 sessions closed cleanly, 1 cut when the 300 ms grace period ended");
        });
    }
}
