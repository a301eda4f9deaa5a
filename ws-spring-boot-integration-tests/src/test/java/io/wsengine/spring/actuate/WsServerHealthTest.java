package io.wsengine.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerConfigCustomizer;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.TestClient;
import io.wsengine.testing.RawWsClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code wsServer}: up while running with every loop alive and on time; out of service while a loop lags; down otherwise. */
class WsServerHealthTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static volatile CountDownLatch release = new CountDownLatch(1);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsServerHealthAutoConfiguration.class))
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop",
                    "ws.server.event-loops=1")
            .withUserConfiguration(Blocking.class);

    @BeforeEach
    void hold() {
        release = new CountDownLatch(1);
    }

    @AfterEach
    void letGo() {
        release.countDown(); // a failed test must not leave the loop blocked
    }

    /** Blocks its event loop until released: the lag this test measures. */
    @WsEndpoint("/block")
    static class Blocking {
        @OnTextMessage
        void block(String text, WsSession session) throws InterruptedException {
            release.await(20, TimeUnit.SECONDS);
        }
    }

    private static Health health(AssertableApplicationContext context) {
        return context.getBean("wsServerHealthIndicator", HealthIndicator.class).health(true);
    }

    private static int port(AssertableApplicationContext context) {
        return context.getBean(WsServerLifecycle.class).port();
    }

    @Test
    void upWhileRunningWithTheLoopsLagAsDetails() {
        runner.run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("running", true).containsEntry("port", port(context))
                    .containsEntry("maxLoopLagMillis", 1000L);
            assertThat((Map<String, ?>) health.getDetails().get("loops")).containsOnlyKeys("ws-loop-0");
        });
    }

    @Test
    void downOnceStopped() {
        runner.run(context -> {
            context.getBean(WsServerLifecycle.class).stop();
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
            assertThat(health(context).getDetails()).containsEntry("running", false);
        });
    }

    @Test
    void outOfServiceWhileALoopIsBlockedPastTheMaximumLagAndUpAfter() {
        runner.withPropertyValues("ws.server.health.max-loop-lag=300ms").run(context -> {
            try (TestClient client = TestClient.connect(port(context), "/block")) {
                client.send("hold the loop");
                await().atMost(BOUND).until(() -> health(context).getStatus().equals(Status.OUT_OF_SERVICE));

                release.countDown();
                await().atMost(BOUND).until(() -> health(context).getStatus().equals(Status.UP));
            }
        });
    }

    @Test
    void downWhenALoopsThreadHasEnded() {
        runner.withUserConfiguration(LoopKilling.class).run(context -> {
            try (RawWsClient client = RawWsClient.connect(port(context))) {
                // the loop may end before or after the 101 leaves: the client waits for nothing
                client.sendRaw(RawWsClient.upgradeRequest("/block", port(context)));

                await().atMost(BOUND).until(() -> health(context).getStatus().equals(Status.DOWN));
                assertThat(health(context).getDetails()).containsEntry("running", true);
            }
        });
    }

    /** An Error from a listener on the loop ends the loop's thread (the engine catches only exceptions there). */
    @Configuration(proxyBeanMethods = false)
    static class LoopKilling {
        @Bean
        WsServerConfigCustomizer loopKiller() {
            return builder -> builder.listener(new WsServerListener() {
                @Override
                public void sessionOpened(WsSession session) {
                    throw new Error("a loop's thread ends here, on purpose", null, false, false) {
                    };
                }
            });
        }
    }
}
