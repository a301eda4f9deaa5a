package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsHandler;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerConfigCustomizer;
import io.wsengine.spring.security.InMemoryWsTicketStore;
import io.wsengine.spring.security.WsBearerTokenAuthenticator;
import io.wsengine.spring.security.WsSecurityAutoConfiguration;
import io.wsengine.spring.security.WsSecurityInterceptor;
import io.wsengine.spring.security.WsSecurityProperties;
import io.wsengine.spring.security.WsTicketController;
import io.wsengine.spring.security.WsTicketStore;
import io.wsengine.spring.security.WsTickets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.servlet.DispatcherServlet;

/** When the security auto-configuration applies, what it defines, and how it backs off. */
class WsSecurityAutoConfigurationTests {
    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(WsServerAutoConfiguration.class,
            TaskExecutionAutoConfiguration.class, WsSecurityAutoConfiguration.class);
    private static final String[] PROPERTIES = {"ws.server.port=0", "ws.server.address=127.0.0.1"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS).withPropertyValues(PROPERTIES).withBean(Endpoint.class);

    @WsEndpoint("/ws")
    static class Endpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @Test
    void anApplicationWithoutSpringSecurityLoadsNoneOfIt() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(WsSecurityInterceptor.class)
                    .doesNotHaveBean(WsTickets.class).doesNotHaveBean(WsSecurityProperties.class);
        });
    }

    @Test
    void withSpringSecurityUpgradesNeedCredentials() {
        runner.run(context -> assertThat(context).hasSingleBean(WsSecurityInterceptor.class)
                .hasSingleBean(WsTickets.class).hasSingleBean(InMemoryWsTicketStore.class)
                .hasSingleBean(WsBearerTokenAuthenticator.class));
    }

    @Test
    void withoutTheResourceServerTicketsStillWork() {
        runner.withClassLoader(new FilteredClassLoader(BearerTokenAuthenticationToken.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(WsSecurityInterceptor.class)
                        .hasSingleBean(WsTickets.class).doesNotHaveBean(WsBearerTokenAuthenticator.class));
    }

    @Test
    void theGlobalOptOutTurnsItAllOff() {
        runner.withPropertyValues("ws.server.security.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(WsSecurityInterceptor.class)
                    .doesNotHaveBean(WsTickets.class);
            int port = context.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
            Upgrades.open(port, "/ws", Map.of()).abort(); // no credentials, and the upgrade is accepted
        });
    }

    @Test
    void withoutTheOptOutTheSameUpgradeIsRefused() {
        runner.run(context -> {
            int port = context.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
            assertThat(Upgrades.refusal(port, "/ws", Map.of()).statusCode()).isEqualTo(401);
        });
    }

    @Test
    void anApplicationsTicketStoreReplacesTheInMemoryOne() {
        WsTicketStore own = new WsTicketStore() {
            @Override
            public boolean save(String ticket, Authentication authentication, Instant expiresAt) {
                return true;
            }

            @Override
            public Optional<Authentication> take(String ticket, Instant now) {
                return Optional.empty();
            }
        };
        runner.withBean(WsTicketStore.class, () -> own).run(context ->
                assertThat(context).getBean(WsTicketStore.class).isSameAs(own));
    }

    @Test
    void anApplicationsBearerTokenAuthenticatorReplacesTheStartersOne() {
        WsBearerTokenAuthenticator own = token -> null;
        runner.withBean(WsBearerTokenAuthenticator.class, () -> own).run(context ->
                assertThat(context).getBean(WsBearerTokenAuthenticator.class).isSameAs(own));
    }

    @Test
    void theTicketControllerComesWithASpringMvcApplicationOnly() {
        runner.run(context -> assertThat(context).doesNotHaveBean(WsTicketController.class));
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(PROPERTIES)
                .withBean(Endpoint.class)
                .run(context -> assertThat(context).hasSingleBean(WsTicketController.class));
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withPropertyValues(PROPERTIES)
                .withBean(Endpoint.class).withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                .run(context -> assertThat(context).doesNotHaveBean(WsTicketController.class));
    }

    @Test
    void openSessionsHideTheTicketAndTheSubprotocolToken() {
        runner.run(context -> {
            WsServerConfig.Builder builder = WsServerConfig.builder().route("/ws", new WsHandler() { });
            context.getBeansOfType(WsServerConfigCustomizer.class).values().forEach(c -> c.customize(builder));
            WsServerConfig config = builder.build();
            assertThat(config.hiddenQueryParameters()).containsExactly("ticket");
            assertThat(config.hiddenSubprotocolMarkers()).containsExactly("wsengine.bearer");
        });
    }

    @Test
    void aBadCountFailsStartUpNamingItsProperty() {
        runner.withPropertyValues("ws.server.security.authentication-threads=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ws.server.security.authentication-threads"));
        runner.withPropertyValues("ws.server.security.ticket.max-outstanding=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ws.server.security.ticket.max-outstanding"));
        runner.withPropertyValues("ws.server.security.ticket.time-to-live=0s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ws.server.security.ticket.time-to-live"));
    }

    @Test
    void thePropertiesBindWithTheirDefaults() {
        runner.run(context -> {
            WsSecurityProperties properties = context.getBean(WsSecurityProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.authenticationThreads()).isEqualTo(2);
            assertThat(properties.maxQueuedAuthentications()).isEqualTo(1000);
            assertThat(properties.ticket().timeToLive()).hasSeconds(30);
            assertThat(properties.ticket().maxOutstanding()).isEqualTo(10000);
            assertThat(properties.ticket().path()).isEqualTo("/ws-ticket");
        });
    }
}
