package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsRecovery;
import io.wsengine.spring.test.WsTestClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample as the README's first command runs it, on a machine without Redis: Spring Data Redis is on
 * the classpath (for the cluster profile), yet nothing connects to Redis. Redis's address is pointed at a
 * socket of the test's, which would see any attempt.
 */
class DefaultRunWithoutRedisTests {

    @Test
    void withoutTheClusterTheHistoryIsInMemoryAndNothingConnectsToRedis() throws Exception {
        try (ServerSocket redis = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            try (ConfigurableApplicationContext context = SpringApplication.run(ChatApplication.class,
                    "--server.port=0", "--ws.server.port=0", "--spring.main.banner-mode=off",
                    "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.getLocalPort())) {
                assertThat(context.getBean(ChatHistory.class)).isInstanceOf(InMemoryChatHistory.class);
                assertThat(context.getBeanProvider(WsClusterBus.class).getIfAvailable()).isNull();
                assertThat(context.getBeanProvider(WsRecovery.class).getIfAvailable()).isNull();

                JsonMapper json = context.getBean(JsonMapper.class);
                try (ChatClient ada = new ChatClient(WsTestClient.forApplication(context).connect("/chat/lobby"), json)) {
                    ada.join("ada");
                    ada.post("ada", "no Redis needed");
                }
            }
            redis.setSoTimeout(300); // the context has closed: an attempt it made would be waiting by now
            assertThatThrownBy(redis::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
