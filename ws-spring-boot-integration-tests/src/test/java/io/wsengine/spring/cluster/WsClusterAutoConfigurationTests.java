package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.wsengine.PreparedMessage;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.cluster.redis.RedisClusterBus;
import io.wsengine.spring.cluster.redis.WsRedisClusterAutoConfiguration;
import io.wsengine.spring.testing.RedisServer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** When the cluster bus exists, when it backs off, and how a configuration that cannot make one fails. */
class WsClusterAutoConfigurationTests {
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsClusterAutoConfiguration.class,
                        WsRedisClusterAutoConfiguration.class, DataRedisAutoConfiguration.class))
                .withUserConfiguration(AnEndpoint.class)
                .withPropertyValues("ws.server.port=0", "ws.server.dispatch=event-loop", "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + redis.port());
    }

    @Test
    void offByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(WsClusterBus.class);
            assertThat(context).hasSingleBean(WsClusterProperties.class);
        });
    }

    @Test
    void enabledWithRedisTheBroadcasterPublishesToTheBus() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true", "ws.cluster.node-id=node-7").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RedisClusterBus.class);
            RedisClusterBus bus = context.getBean(RedisClusterBus.class);
            assertThat(bus.nodeId()).isEqualTo("node-7");
            context.getBean(WsBroadcaster.class).publish("nobody's group", "hello");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> bus.counters().published() == 1);
        });
    }

    @Test
    void aRandomNodeIdWhenNoneIsSet() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true").run(first ->
                runner().withPropertyValues("ws.cluster.redis.enabled=true").run(second ->
                        assertThat(first.getBean(WsClusterBus.class).nodeId())
                                .isNotBlank().isNotEqualTo(second.getBean(WsClusterBus.class).nodeId())));
    }

    @Test
    void lettuceIsBoundedUnlessTheApplicationSaysOtherwise() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true", "ws.cluster.redis.request-queue-size=123").run(context -> {
            ClientOptions options = ((LettuceConnectionFactory) context.getBean(RedisConnectionFactory.class))
                    .getClientConfiguration().getClientOptions().orElseThrow();
            assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(options.getRequestQueueSize()).isEqualTo(123);
        });
        runner().withPropertyValues("ws.cluster.redis.enabled=true", "ws.cluster.redis.bounded-client=false").run(context -> {
            ClientOptions options = ((LettuceConnectionFactory) context.getBean(RedisConnectionFactory.class))
                    .getClientConfiguration().getClientOptions().orElseThrow();
            assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.DEFAULT);
        });
    }

    @Test
    void backsOffForTheApplicationsOwnBus() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true").withUserConfiguration(OwnBus.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RedisClusterBus.class);
            assertThat(context.getBean(WsClusterBus.class)).isSameAs(context.getBean(OwnBus.class).bus);
        });
    }

    @Test
    void enabledWithoutSpringDataRedisFailsStartUpSayingWhatIsMissing() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true")
                .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run(context ->
                        assertThat(context).hasFailed().getFailure()
                                .hasStackTraceContaining("ws.cluster.redis.enabled=true")
                                .hasMessageContaining("spring-boot-starter-data-redis"));
    }

    @Test
    void enabledWithoutAConnectionFactoryFailsStartUp() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsClusterAutoConfiguration.class,
                        WsRedisClusterAutoConfiguration.class))
                .withUserConfiguration(AnEndpoint.class)
                .withPropertyValues("ws.server.port=0", "ws.server.dispatch=event-loop", "ws.cluster.redis.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("RedisConnectionFactory"));
    }

    @Test
    void aBadValueFailsStartUpNamingItsProperty() {
        runner().withPropertyValues("ws.cluster.max-pending=0").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("ws.cluster.max-pending"));
        runner().withPropertyValues("ws.cluster.redis.request-queue-size=0").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("ws.cluster.redis.request-queue-size"));
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Echo.class)
    static class AnEndpoint {
    }

    @WsEndpoint("/echo")
    static class Echo {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBus {
        final WsClusterBus bus = new WsClusterBus() {
            private final WsClusterCounters counters = new WsClusterCounters();

            @Override
            public String nodeId() {
                return "own";
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
        };

        @Bean
        WsClusterBus ownBus() {
            return bus;
        }
    }
}
