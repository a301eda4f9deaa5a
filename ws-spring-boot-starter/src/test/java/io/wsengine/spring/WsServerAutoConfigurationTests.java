package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.wsengine.WsHandler;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.support.EndpointRegistry;
import io.wsengine.spring.support.JsonCodec;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/** The auto-configuration's beans: when they exist, when they back off, what they publish. */
class WsServerAutoConfigurationTests {

    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @Test
    void createsOurBeansForAnEndpoint() {
        runner().withBean(EchoEndpoint.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WsServerProperties.class);
            assertThat(context).hasSingleBean(EndpointRegistry.class);
            assertThat(context).hasSingleBean(WsServerLifecycle.class);
            assertThat(context).hasSingleBean(WsBroadcaster.class);
            assertThat(context).hasSingleBean(JsonCodec.class);
            assertThat(context.getBean(WsServerLifecycle.class).isRunning()).isTrue();
        });
    }

    @Test
    void appliesCustomizerBeansInTheirOrderAfterTheProperties() {
        runner().withBean(EchoEndpoint.class).withPropertyValues("ws.server.idle-timeout=1m")
                .withBean("second", WsServerConfigCustomizer.class, () -> new OrderedCustomizer(2, Duration.ofSeconds(2)))
                .withBean("first", WsServerConfigCustomizer.class, () -> new OrderedCustomizer(1, Duration.ofSeconds(1)))
                .run(context -> assertThat(context.getBean(WsServerLifecycle.class).server().config().idleTimeout())
                        .isEqualTo(Duration.ofSeconds(2)));
    }

    /** Sets the idle timeout: the last one applied wins, so the outcome tells the order. */
    record OrderedCustomizer(int order, Duration idleTimeout) implements WsServerConfigCustomizer, Ordered {
        @Override
        public void customize(WsServerConfig.Builder builder) {
            builder.idleTimeout(idleTimeout);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    // --- back-off: a user's bean of the same type replaces ours

    @Configuration(proxyBeanMethods = false)
    static class UserBroadcaster {
        @Bean
        WsBroadcaster userBroadcaster(WsServerLifecycle lifecycle) {
            return new WsBroadcaster(lifecycle, null);
        }
    }

    @Test
    void backsOffForAUserBroadcaster() {
        runner().withBean(EchoEndpoint.class).withUserConfiguration(UserBroadcaster.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WsBroadcaster.class);
            assertThat(context).getBean(WsBroadcaster.class).isSameAs(context.getBean("userBroadcaster"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserLifecycle {
        @Bean
        WsServerLifecycle userLifecycle(WsServerProperties properties, ConfigurableEnvironment environment) {
            return new WsServerLifecycle(() -> WsServerConfig.builder()
                    .bindAddress(InetAddress.getLoopbackAddress()).port(0)
                    .route("/user", new WsHandler() { }).build(), properties, environment);
        }
    }

    @Test
    void backsOffForAUserLifecycle() {
        runner().withBean(EchoEndpoint.class).withUserConfiguration(UserLifecycle.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WsServerLifecycle.class);
            WsServerLifecycle lifecycle = context.getBean(WsServerLifecycle.class);
            assertThat(lifecycle).isSameAs(context.getBean("userLifecycle"));
            assertThat(lifecycle.server().config().routes()).singleElement()
                    .satisfies(route -> assertThat(route.path()).isEqualTo("/user"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistry {
        @Bean
        EndpointRegistry userRegistry(WsServerProperties properties) {
            return new EndpointRegistry(ApplicationConversionService.getSharedInstance(), null, Runnable::run,
                    properties);
        }
    }

    @Test
    void backsOffForAUserEndpointRegistry() {
        runner().withBean(EchoEndpoint.class).withUserConfiguration(UserRegistry.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(EndpointRegistry.class);
            assertThat(context).getBean(EndpointRegistry.class).isSameAs(context.getBean("userRegistry"));
        });
    }

    static class UserCodec implements JsonCodec {
        @Override
        public Object decode(String text, Type type) {
            return text;
        }

        @Override
        public String encode(Object value) {
            return String.valueOf(value);
        }
    }

    @Test
    void backsOffForAUserJsonCodec() {
        runner().withBean(EchoEndpoint.class).withBean("userCodec", JsonCodec.class, UserCodec::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(JsonCodec.class);
                    assertThat(context).getBean(JsonCodec.class).isSameAs(context.getBean("userCodec"));
                });
    }

    // --- ws.server.enabled=false

    @Test
    void disabledServerCreatesNoneOfOurBeans() {
        runner().withBean(EchoEndpoint.class).withPropertyValues("ws.server.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(WsServerProperties.class);
            assertThat(context).doesNotHaveBean(EndpointRegistry.class);
            assertThat(context).doesNotHaveBean(WsServerLifecycle.class);
            assertThat(context).doesNotHaveBean(WsBroadcaster.class);
            assertThat(context).doesNotHaveBean(JsonCodec.class);
            assertThat(context.getEnvironment().containsProperty(LocalWsServerPort.PROPERTY)).isFalse();
        });
    }

    @Test
    void disabledServerListensOnNoPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        runner().withBean(EchoEndpoint.class)
                .withPropertyValues("ws.server.enabled=false", "ws.server.port=" + port)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                        }
                    });
                });
    }

    @Test
    void disabledServerNeedsNoEndpoints() {
        runner().withPropertyValues("ws.server.enabled=false").run(context -> assertThat(context).hasNotFailed());
    }

    // --- local.ws.server.port

    @Test
    void publishesTheChosenPortAsLocalWsServerPort() {
        runner().withBean(EchoEndpoint.class).run(context -> {
            assertThat(context).hasNotFailed();
            int port = context.getBean(WsServerLifecycle.class).port();
            assertThat(port).isPositive();
            assertThat(context.getEnvironment().getProperty(LocalWsServerPort.PROPERTY, Integer.class))
                    .isEqualTo(port);
        });
    }

    @Test
    void chosenPortServesTheEndpoint() throws Exception {
        runner().withBean(EchoEndpoint.class).run(context -> {
            int port = context.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
            assertThat(WsContextTestSupport.roundTrip(port, "/echo", "ping")).isEqualTo("ping");
        });
    }

    @Test
    void stopsTheServerWhenTheContextCloses() {
        WsServerLifecycle[] lifecycle = new WsServerLifecycle[1];
        runner().withBean(EchoEndpoint.class).run(context -> {
            lifecycle[0] = context.getBean(WsServerLifecycle.class);
            assertThat(lifecycle[0].isRunning()).isTrue();
        });
        assertThat(lifecycle[0].isRunning()).isFalse();
        assertThat(lifecycle[0].server()).isNull();
    }

    // --- shutdown bound

    @Test
    void shutdownWaitsForTheGraceWhenSpringsPhaseTimeoutIsLonger() {
        runner().withBean(EchoEndpoint.class)
                .withPropertyValues("ws.server.shutdown-grace=3s", "spring.lifecycle.timeout-per-shutdown-phase=20s")
                .run(context -> assertThat(context.getBean(WsServerLifecycle.class).shutdownBound())
                        .isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void shutdownNeverOutlastsSpringsPhaseTimeout() {
        runner().withBean(EchoEndpoint.class)
                .withPropertyValues("ws.server.shutdown-grace=10s", "spring.lifecycle.timeout-per-shutdown-phase=2s")
                .run(context -> assertThat(context.getBean(WsServerLifecycle.class).shutdownBound())
                        .isEqualTo(Duration.ofSeconds(2)));
    }
}
