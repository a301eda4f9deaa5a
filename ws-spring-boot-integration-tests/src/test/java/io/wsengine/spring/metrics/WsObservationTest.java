package io.wsengine.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.TestClient;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Observations of endpoint method calls: names, tags, errors, and the property for message calls. */
class WsObservationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsObservationAutoConfiguration.class))
            .withUserConfiguration(MetricsEndpoints.class)
            .withBean(TestObservationRegistry.class, WsObservationTest::recordingRegistry)
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop");

    @Test
    void openAndCloseCallsAreObservedWithTheTemplateButMessageCallsAreNotByDefault() {
        runner.run(context -> {
            script(context, client -> assertThat(client.send("hi").nextText()).isEqualTo("hi"));
            List<Observation.Context> observed = observed(context, 2);
            assertThat(observed).extracting(c -> c.getLowCardinalityKeyValue("ws.method").getValue())
                    .containsExactly("open", "close");
            assertThat(observed).allSatisfy(c -> {
                assertThat(c.getName()).isEqualTo(DefaultWsEndpointObservationConvention.NAME);
                assertThat(c.getLowCardinalityKeyValue("ws.endpoint").getValue()).isEqualTo("/chat/{room}");
                assertThat(c.getHighCardinalityKeyValue("ws.session.id")).isNotNull();
            });
            assertThat(observed.get(0).getContextualName()).isEqualTo("ws open /chat/{room}");
        });
    }

    @Test
    void messageCallsAreObservedWhenAskedAndAFailureIsRecorded() {
        runner.withPropertyValues("ws.server.observations.messages=true").run(context -> {
            script(context, client -> {
                assertThat(client.send("hi").nextText()).isEqualTo("hi");
                client.send("fail");
                assertThat(client.awaitClose().code()).isEqualTo(1011);
            });
            List<Observation.Context> observed = observed(context, 4);
            assertThat(observed).extracting(c -> c.getLowCardinalityKeyValue("ws.method").getValue())
                    .containsExactly("open", "text", "text", "close");
            assertThat(observed.get(1).getError()).isNull();
            assertThat(observed.get(2).getError()).isInstanceOf(IllegalStateException.class).hasMessage("asked to fail");
        });
    }

    @Test
    void noObservationScopeWithoutAnObservationRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsObservationAutoConfiguration.class))
                .withUserConfiguration(MetricsEndpoints.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("wsEndpointObservationScope"));
    }

    private static void script(AssertableApplicationContext context, Consumer<TestClient> conversation) {
        assertThat(context).hasNotFailed();
        int port = context.getBean(WsServerLifecycle.class).port();
        try (TestClient client = TestClient.connect(port, "/chat/lobby")) {
            conversation.accept(client);
        }
    }

    /**
     * A registry that checks the observations are used rightly (started before stopped, scopes closed),
     * and keeps each context as it stops.
     */
    private static TestObservationRegistry recordingRegistry() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        STOPPED.put(registry, stopped);
        return registry;
    }

    private static final Map<TestObservationRegistry, List<Observation.Context>> STOPPED = new ConcurrentHashMap<>();

    /** The stopped observations, in the order they stopped, once there are this many. */
    private static List<Observation.Context> observed(AssertableApplicationContext context, int count) {
        List<Observation.Context> stopped = STOPPED.get(context.getBean(TestObservationRegistry.class));
        await().atMost(TestClient.TIMEOUT).until(() -> stopped.size() >= count);
        assertThat(stopped).hasSize(count);
        return stopped;
    }
}
