package io.wsengine.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeResult;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    void upgradeRequestsAreObservedWithTheTemplateAndTheStatusAcceptedOrRefused() {
        runner.withUserConfiguration(RefusesTheQuietRoom.class).run(context -> {
            script(context, client -> assertThat(client.send("hi").nextText()).isEqualTo("hi"));
            int port = context.getBean(WsServerLifecycle.class).port();
            assertThat(TestClient.refusal(port, "/chat/quiet", Map.of()).statusCode()).isEqualTo(403);

            List<Observation.Context> observed = stopped(context, WsHandshakeObservationContext.class, 2);
            assertThat(observed).allSatisfy(c -> {
                assertThat(c.getName()).isEqualTo(DefaultWsHandshakeObservationConvention.NAME);
                assertThat(c.getContextualName()).isEqualTo("ws handshake /chat/{room}");
                assertThat(c.getLowCardinalityKeyValue("ws.endpoint").getValue()).isEqualTo("/chat/{room}");
            });
            assertThat(observed).extracting(c -> c.getLowCardinalityKeyValue("ws.status").getValue() + " "
                    + c.getLowCardinalityKeyValue("ws.outcome").getValue())
                    .containsExactlyInAnyOrder("101 accepted", "403 refused");
            assertThat(observed(context, 2)).as("the observation left the attributes: the session never had it")
                    .allSatisfy(c -> assertThat(((WsEndpointObservationContext) c).getSession().attributes())
                            .doesNotContainKey(HandshakeObservationInterceptor.class.getName()));
        });
    }

    @Test
    void upgradeRequestsAreNotObservedWhenSwitchedOff() {
        runner.withPropertyValues("ws.server.observations.handshakes=false").run(context -> {
            script(context, client -> assertThat(client.send("hi").nextText()).isEqualTo("hi"));
            observed(context, 2);
            assertThat(context).doesNotHaveBean("wsHandshakeObservation");
            assertThat(STOPPED.get(context.getBean(TestObservationRegistry.class)))
                    .noneMatch(WsHandshakeObservationContext.class::isInstance);
        });
    }

    /** Refuses upgrades to the quiet room, after the observation's interceptor. */
    @Configuration(proxyBeanMethods = false)
    static class RefusesTheQuietRoom {
        @Bean
        HandshakeInterceptor refuseQuiet() {
            return (request, attributes) -> request.path().equals("/chat/quiet") ? HandshakeResult.reject(403)
                    : HandshakeResult.accept();
        }
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

    /** The stopped observations of endpoint method calls, in the order they stopped, once there are this many. */
    private static List<Observation.Context> observed(AssertableApplicationContext context, int count) {
        return stopped(context, WsEndpointObservationContext.class, count);
    }

    private static List<Observation.Context> stopped(AssertableApplicationContext context,
            Class<? extends Observation.Context> type, int count) {
        List<Observation.Context> stopped = STOPPED.get(context.getBean(TestObservationRegistry.class));
        await().atMost(TestClient.TIMEOUT).until(() -> stopped.stream().filter(type::isInstance).count() >= count);
        List<Observation.Context> ofType = stopped.stream().filter(type::isInstance).toList();
        assertThat(ofType).hasSize(count);
        return ofType;
    }
}
