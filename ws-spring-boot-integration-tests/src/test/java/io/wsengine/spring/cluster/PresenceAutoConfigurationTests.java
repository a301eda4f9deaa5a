package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.cluster.redis.RedisWsPresence;
import io.wsengine.spring.cluster.redis.WsRedisClusterAutoConfiguration;
import io.wsengine.spring.testing.RedisServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Which {@link WsPresence} the starter makes, when it backs off, and how bad presence settings fail start-up. */
class PresenceAutoConfigurationTests {
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, WsClusterAutoConfiguration.class,
                        WsRedisClusterAutoConfiguration.class, DataRedisAutoConfiguration.class))
                .withUserConfiguration(PresenceApp.PresenceEndpoint.class) // an endpoint that takes the presence
                .withPropertyValues("ws.server.port=0", "ws.server.dispatch=event-loop", "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + redis.port());
    }

    @Test
    void inMemoryWithoutTheCluster() {
        runner().run(context -> assertThat(context).hasNotFailed().hasSingleBean(WsPresence.class)
                .hasSingleBean(InMemoryWsPresence.class));
    }

    @Test
    void inMemoryWithoutSpringDataRedisOnTheClasspath() {
        runner().withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(InMemoryWsPresence.class));
    }

    @Test
    void onRedisWithTheCluster() {
        runner().withPropertyValues("ws.cluster.redis.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WsPresence.class).hasSingleBean(RedisWsPresence.class);
            assertThat(context.getBean(RedisWsPresence.class).isRunning()).isTrue();
            assertThat(context.getBean(WsPresence.class).members("nobody's")).isEmpty();
        });
    }

    @Test
    void defaultsAreThirtySecondsRefreshedEveryTen() {
        runner().run(context -> assertThat(context.getBean(WsClusterProperties.class).presence())
                .isEqualTo(new WsClusterProperties.Presence(Duration.ofSeconds(30), Duration.ofSeconds(10))));
    }

    @Test
    void backsOffForTheApplicationsOwnPresenceWithOrWithoutTheCluster() {
        for (String enabled : new String[] {"false", "true"}) {
            runner().withUserConfiguration(OwnPresence.class).withPropertyValues("ws.cluster.redis.enabled=" + enabled)
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(WsPresence.class);
                        assertThat(context.getBean(WsPresence.class)).isSameAs(context.getBean("ownPresence"));
                    });
        }
    }

    @Test
    void aRefreshIntervalNotShorterThanTheTtlFailsStartUpNamingBoth() {
        runner().withPropertyValues("ws.cluster.presence.ttl=5s", "ws.cluster.presence.refresh-interval=5s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ws.cluster.presence.refresh-interval")
                        .hasMessageContaining("ws.cluster.presence.ttl"));
    }

    @Test
    void aTtlOfZeroFailsStartUpNamingIt() {
        runner().withPropertyValues("ws.cluster.presence.ttl=0s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ws.cluster.presence.ttl must be at least 1ms"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPresence {
        @Bean
        WsPresence ownPresence() {
            return new WsPresence() {
                @Override
                public boolean enter(WsSession session, String group, String member) {
                    return false;
                }

                @Override
                public boolean leave(WsSession session, String group) {
                    return false;
                }

                @Override
                public Set<String> members(String group) {
                    return Set.of();
                }

                @Override
                public CompletionStage<Set<String>> membersAsync(String group) {
                    return CompletableFuture.completedFuture(Set.of());
                }
            };
        }
    }
}
