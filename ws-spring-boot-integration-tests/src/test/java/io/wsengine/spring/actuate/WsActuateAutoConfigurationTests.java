package io.wsengine.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health contributor and the endpoint exist only with Actuator, and give way to the application's own. */
class WsActuateAutoConfigurationTests {
    private static final String EXPOSE = "management.endpoints.web.exposure.include=websockets";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class,
                    WsServerHealthAutoConfiguration.class, WebSocketsEndpointAutoConfiguration.class))
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop")
            .withUserConfiguration(Echo.class);

    @WsEndpoint("/echo")
    static class Echo {
        @OnTextMessage
        String echo(String text, WsSession session) {
            return text;
        }
    }

    @Test
    void withActuatorTheHealthIndicatorAndTheExposedEndpointExist() {
        runner.withPropertyValues(EXPOSE).run(context -> {
            assertThat(context).hasSingleBean(WebSocketsEndpoint.class);
            assertThat(context).hasBean("wsServerHealthIndicator");
            assertThat(context.getBean("wsServerHealthIndicator")).isInstanceOf(WsServerHealthIndicator.class);
        });
    }

    @Test
    void withoutActuatorThereIsNeither() {
        runner.withPropertyValues(EXPOSE)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class)).run(context -> {
                    assertThat(context).hasSingleBean(WsServerLifecycle.class);
                    assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
                    assertThat(context).doesNotHaveBean("wsServerHealthIndicator");
                });
    }

    @Test
    void theEndpointIsNotThereUnlessExposed() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
            assertThat(context).hasBean("wsServerHealthIndicator");
        });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.wsserver.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("wsServerHealthIndicator"));
    }

    @Test
    void theApplicationsOwnHealthIndicatorWins() {
        runner.withUserConfiguration(OwnHealth.class).run(context ->
                assertThat(context.getBean("wsServerHealthIndicator")).isNotInstanceOf(WsServerHealthIndicator.class));
    }

    @Test
    void theApplicationsOwnEndpointWins() {
        runner.withPropertyValues(EXPOSE).withUserConfiguration(OwnEndpoint.class).run(context -> {
            assertThat(context).hasSingleBean(WebSocketsEndpoint.class);
            assertThat(context.getBean(WebSocketsEndpoint.class)).isSameAs(context.getBean("myWebSockets"));
        });
    }

    @Test
    void withoutTheServerThereIsNeither() {
        runner.withPropertyValues(EXPOSE, "ws.server.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
            assertThat(context).doesNotHaveBean("wsServerHealthIndicator");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHealth {
        @Bean
        HealthIndicator wsServerHealthIndicator() {
            return () -> Health.up().build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEndpoint {
        @Bean
        WebSocketsEndpoint myWebSockets(WsServerLifecycle lifecycle) {
            return new WebSocketsEndpoint(lifecycle);
        }
    }
}
