package io.wsengine.spring.cluster.redis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.cluster.WsClusterProperties;
import io.wsengine.spring.cluster.redis.RedisWsTicketStore;
import io.wsengine.spring.cluster.redis.WsRedisTicketStoreAutoConfiguration;
import io.wsengine.spring.security.InMemoryWsTicketStore;
import io.wsengine.spring.security.WsSecurityAutoConfiguration;
import io.wsengine.spring.security.WsTicketStore;
import io.wsengine.spring.security.WsTickets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.core.Authentication;

/**
 * When tickets are kept in Redis. Spring Boot's Redis auto-configuration defines a connection factory
 * without connecting, so no Redis runs here.
 */
class WsRedisTicketStoreAutoConfigurationTests {
    private static final String[] PROPERTIES = {"ws.server.port=0", "ws.server.address=127.0.0.1"};

    // Spring Boot orders these; listed in an order that would be wrong if it did not
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsSecurityAutoConfiguration.class,
                    WsRedisTicketStoreAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    WsServerAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .withPropertyValues(PROPERTIES).withBean(Endpoint.class);

    @WsEndpoint("/ws")
    static class Endpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @Test
    void withTheRedisClusterEnabledTicketsAreKeptInRedis() {
        runner.withPropertyValues("ws.cluster.redis.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RedisConnectionFactory.class)
                    .hasSingleBean(RedisWsTicketStore.class).doesNotHaveBean(InMemoryWsTicketStore.class)
                    .hasSingleBean(WsTickets.class);
            assertThat(context.getBean(WsClusterProperties.class).redis().keyPrefix()).isEqualTo("wsengine:");
        });
    }

    @Test
    void theKeyPrefixComesFromTheClusterProperties() {
        runner.withPropertyValues("ws.cluster.redis.enabled=true", "ws.cluster.redis.key-prefix=chat:")
                .run(context -> assertThat(context.getBean(RedisWsTicketStore.class)).hasToString(
                        "RedisWsTicketStore[keyPrefix=chat:]"));
    }

    @Test
    void withoutTheRedisClusterTicketsStayInMemory() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(RedisConnectionFactory.class)
                .hasSingleBean(InMemoryWsTicketStore.class).doesNotHaveBean(RedisWsTicketStore.class));
        runner.withPropertyValues("ws.cluster.redis.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(InMemoryWsTicketStore.class).doesNotHaveBean(RedisWsTicketStore.class));
    }

    @Test
    void withoutAConnectionFactoryTicketsStayInMemory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class,
                        TaskExecutionAutoConfiguration.class, WsSecurityAutoConfiguration.class,
                        WsRedisTicketStoreAutoConfiguration.class))
                .withPropertyValues(PROPERTIES).withPropertyValues("ws.cluster.redis.enabled=true")
                .withBean(Endpoint.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionFactory.class)
                        .hasSingleBean(InMemoryWsTicketStore.class).doesNotHaveBean(RedisWsTicketStore.class));
    }

    @Test
    void withoutSpringDataRedisTicketsStayInMemory() {
        runner.withPropertyValues("ws.cluster.redis.enabled=true")
                .withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionFactory.class)
                        .hasSingleBean(InMemoryWsTicketStore.class).doesNotHaveBean(RedisWsTicketStore.class));
    }

    @Test
    void withoutSpringSecurityThereIsNoTicketStore() {
        runner.withPropertyValues("ws.cluster.redis.enabled=true")
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WsTicketStore.class));
    }

    @Test
    void withSecurityOffThereIsNoTicketStore() {
        runner.withPropertyValues("ws.cluster.redis.enabled=true", "ws.server.security.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WsTicketStore.class));
    }

    @Test
    void anApplicationsTicketStoreReplacesTheRedisOne() {
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
        runner.withPropertyValues("ws.cluster.redis.enabled=true").withBean(WsTicketStore.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisWsTicketStore.class);
                    assertThat(context).getBean(WsTicketStore.class).isSameAs(own);
                });
    }
}
