package io.wsengine.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.wsengine.PreparedMessage;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.cluster.ClusterMessage;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterCounters;
import java.util.function.Consumer;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointMethodKind;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the meters and observations exist, and when they back off. */
class WsMetricsAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsMetricsAutoConfiguration.class,
                    WsObservationAutoConfiguration.class))
            .withUserConfiguration(MetricsEndpoints.class)
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop");

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void withoutMicrometerNoListenerIsAdded() {
        runner.withUserConfiguration(Registry.class).withClassLoader(new FilteredClassLoader(MeterRegistry.class,
                ObservationRegistry.class)).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(WsServerMetrics.class)
                            .doesNotHaveBean("wsEndpointTimingScope").doesNotHaveBean("wsEndpointObservationScope");
                    assertThat(listeners(context)).isEmpty();
                });
    }

    @Test
    void withoutAMeterRegistryBeanNoListenerIsAdded() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(WsServerMetrics.class)
                    .doesNotHaveBean("wsEndpointTimingScope").doesNotHaveBean("wsEndpointObservationScope");
            assertThat(listeners(context)).isEmpty();
        });
    }

    @Test
    void withARegistryEveryRoutesMetersExistAndReadZero() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WsServerMetrics.class).hasBean("wsEndpointTimingScope");
            assertThat(listeners(context)).containsExactly(context.getBean(WsServerMetrics.class));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String template : new String[] {"/chat/{room}", "/paused"}) {
                assertThat(registry.get(WsMeterNames.SESSIONS_ACTIVE).tag("endpoint", template).gauge().value()).isZero();
                assertThat(registry.get(WsMeterNames.SESSIONS_OPENED).tag("endpoint", template).counter().count()).isZero();
                assertThat(registry.get(WsMeterNames.BYTES_QUEUED).tag("endpoint", template).gauge().value()).isZero();
            }
        });
    }

    @Test
    void messageCallsAreNotTimedUnlessAskedFor() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            EndpointCallScope timing = context.getBean("wsEndpointTimingScope", EndpointCallScope.class);
            assertThat(timing.enter(null, EndpointMethodKind.TEXT)).as("no timing, and no session looked at").isNull();
            assertThat(timing.enter(null, EndpointMethodKind.BINARY)).isNull();
        });
        // with ws.server.metrics.time-messages=true they are: WsServerMetricsTest counts the text calls
    }

    @Test
    void backsOffForTheApplicationsOwnListener() {
        runner.withUserConfiguration(Registry.class)
                .withBean("ownMetrics", WsServerMetrics.class, () -> new WsServerMetrics(new SimpleMeterRegistry(), () -> null))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WsServerMetrics.class).hasBean("ownMetrics");
                    assertThat(listeners(context)).containsExactly(context.getBean("ownMetrics"));
                });
    }

    @Test
    void bindsToSpringBootsRegistryWhateverTheOrderOfTheAutoConfigurations() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsObservationAutoConfiguration.class, WsMetricsAutoConfiguration.class,
                        WsServerAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, MetricsAutoConfiguration.class,
                        ObservationAutoConfiguration.class))
                .withUserConfiguration(MetricsEndpoints.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WsServerMetrics.class)
                            .hasBean("wsEndpointObservationScope");
                    assertThat(context.getBean(MeterRegistry.class).find(WsMeterNames.SESSIONS_ACTIVE).gauges()).hasSize(2);
                });
    }

    @Test
    void theClusterBusCountsAreMetersWhenThereIsABus() {
        StubBus bus = new StubBus();
        runner.withUserConfiguration(Registry.class).withBean(WsClusterBus.class, () -> bus).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WsClusterBusMetrics.class);
            bus.counters().countPublished();
            bus.counters().countPublished();
            bus.counters().countReceived();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(WsMeterNames.CLUSTER_PUBLISHED).functionCounter().count()).isEqualTo(2);
            assertThat(registry.get(WsMeterNames.CLUSTER_RECEIVED).functionCounter().count()).isEqualTo(1);
            assertThat(registry.get(WsMeterNames.CLUSTER_PUBLISH_FAILURES).functionCounter().count()).isZero();
            assertThat(registry.get(WsMeterNames.CLUSTER_DROPPED).functionCounter().count()).isZero();
            assertThat(registry.get(WsMeterNames.CLUSTER_MALFORMED).functionCounter().count()).isZero();
        });
    }

    @Test
    void noClusterMetersWithoutABus() {
        runner.withUserConfiguration(Registry.class).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(WsClusterBusMetrics.class));
    }

    private static java.util.List<Object> listeners(org.springframework.context.ApplicationContext context) {
        return java.util.List.copyOf(context.getBean(WsServerLifecycle.class).server().config().listeners());
    }

    /** A bus that only counts. */
    static final class StubBus implements WsClusterBus {
        private final WsClusterCounters counters = new WsClusterCounters();

        @Override
        public String nodeId() {
            return "stub";
        }

        @Override
        public void publish(ClusterMessage.Target target, PreparedMessage message) {
        }

        @Override
        public void receiveWith(Consumer<ClusterMessage> receiver) {
        }

        @Override
        public WsClusterCounters counters() {
            return counters;
        }
    }
}
