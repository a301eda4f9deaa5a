package io.wsengine.spring.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsEndpointDefinitionException;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import jakarta.servlet.http.HttpUpgradeHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** When the web port's mount is configured, and when it backs off. */
class WsServletAutoConfigurationTests {
    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(WsServerAutoConfiguration.class,
            WsServletAutoConfiguration.class, TaskExecutionAutoConfiguration.class);

    @WsEndpoint("/echo")
    static class Echo {
        @OnTextMessage
        String text(String text) {
            return text;
        }
    }

    private static WebApplicationContextRunner web() {
        return new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withBean(Echo.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1");
    }

    @Test
    void mountsTheFilterUnderServeOnBoth() {
        web().withPropertyValues("ws.server.serve-on=both")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsUpgradeFilter.class)
                        .hasBean("wsUpgradeFilterRegistration"));
    }

    @Test
    void bindsServeOnWithRelaxedRules() {
        web().withPropertyValues("ws.server.serve-on=WEB_PORT")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsUpgradeFilter.class));
    }

    @Test
    void backsOffOnTheOwnPortByDefault() {
        web().run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsServerLifecycle.class)
                .doesNotHaveBean(WsUpgradeFilter.class));
    }

    @Test
    void webPortInAnApplicationThatIsNotAServletWebApplicationFailsStartUpSayingWhy() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).withBean(Echo.class)
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.serve-on=both")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(WsEndpointDefinitionException.class)
                        .rootCause().hasMessageContaining("ws.server.serve-on=both needs a servlet web application"));
    }

    @Test
    void backsOffWithoutTheServletUpgradeApi() {
        web().withClassLoader(new FilteredClassLoader(HttpUpgradeHandler.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsServerLifecycle.class)
                        .doesNotHaveBean(WsUpgradeFilter.class));
    }

    @Test
    void backsOffForTheApplicationsOwnFilter() {
        WsUpgradeFilter own = new WsUpgradeFilter(null, java.time.Duration.ofSeconds(1), 65536, java.time.Duration.ofSeconds(1));
        web().withPropertyValues("ws.server.serve-on=both").withBean(WsUpgradeFilter.class, () -> own)
                .run(context -> assertThat(context).getBean(WsUpgradeFilter.class).isSameAs(own));
    }
}
