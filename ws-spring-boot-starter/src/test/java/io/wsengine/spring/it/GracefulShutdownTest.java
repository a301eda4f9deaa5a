package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Closing the application context says goodbye to every client. Each test runs its own application. */
class GracefulShutdownTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ByeEndpoint.class)
    static class App {
    }

    @WsEndpoint("/bye")
    static class ByeEndpoint {
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closeThreads = new LinkedBlockingQueue<>();

        @OnOpen
        void open(WsSession session) {
            opened.complete(null);
        }

        @OnClose
        void close(CloseStatus status) {
            closeThreads.add(Thread.currentThread().getName());
            closes.add(status);
        }
    }

    private ConfigurableApplicationContext context;
    private int port;
    private ByeEndpoint endpoint;

    @BeforeEach
    void start() {
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("ws.server.port=0", "ws.server.shutdown-grace=5s")
                .run();
        port = context.getEnvironment().getRequiredProperty(LocalWsServerPort.PROPERTY, Integer.class);
        endpoint = context.getBean(ByeEndpoint.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void closingTheContextSendsGoingAwayToClients() throws Exception {
        try (TestClient client = TestClient.connect(port, "/bye")) {
            endpoint.opened.get(10, TimeUnit.SECONDS);
            context.close();
            assertThat(client.awaitClose().code()).isEqualTo(1001);
        }
    }

    @Test
    void closingTheContextRunsOnClose() throws Exception {
        try (TestClient client = TestClient.connect(port, "/bye")) {
            endpoint.opened.get(10, TimeUnit.SECONDS);
            context.close();
            CloseStatus status = endpoint.closes.poll(10, TimeUnit.SECONDS);
            assertThat(status).as("@OnClose ran").isNotNull();
            assertThat(status.code()).isEqualTo(1001);
        }
    }

    /** The executor still runs the sessions' last endpoint calls while the application shuts down. */
    @Test
    void onCloseRunsOnTheApplicationsExecutorDuringShutdown() throws Exception {
        try (TestClient client = TestClient.connect(port, "/bye")) {
            endpoint.opened.get(10, TimeUnit.SECONDS);
            context.close();
            String thread = endpoint.closeThreads.poll(10, TimeUnit.SECONDS);
            assertThat(thread).as("@OnClose ran").isNotNull();
            assertThat(thread).as("the thread @OnClose ran on").startsWith("task-").doesNotStartWith("ws-loop-");
        }
    }
}
