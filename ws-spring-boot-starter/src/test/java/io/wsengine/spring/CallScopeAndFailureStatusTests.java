package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointFailureStatus;
import io.wsengine.spring.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The starter's hooks for its integrations, as beans: {@link EndpointCallScope}s are entered around
 * every endpoint method call, in their order, and {@link EndpointFailureStatus}es choose how a failure
 * that no {@code @OnError} took closes the session. Without them, nothing changes: 1011.
 */
class CallScopeAndFailureStatusTests {
    /** What the scopes put in place for a call; what the endpoint method reads. */
    static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    @WsEndpoint("/scoped")
    static class ScopedEndpoint {
        @OnOpen
        String open() {
            return "open in " + CURRENT.get();
        }

        @OnTextMessage
        String text(String text) {
            if (text.equals("illegal state")) {
                throw new IllegalStateException("secret detail");
            }
            if (text.equals("illegal argument")) {
                throw new IllegalArgumentException("secret detail");
            }
            return "text in " + CURRENT.get();
        }
    }

    /** Appends its name to what the thread holds, and puts back what was there. */
    record NamingScope(String name) implements EndpointCallScope {
        @Override
        public Object enter(WsSession session) {
            String previous = CURRENT.get();
            CURRENT.set(previous == null ? name : previous + "+" + name);
            return previous;
        }

        @Override
        public void exit(Object saved) {
            CURRENT.set((String) saved);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Scopes {
        @Bean
        @Order(2)
        NamingScope inner() {
            return new NamingScope("inner");
        }

        @Bean
        @Order(1)
        NamingScope outer() {
            return new NamingScope("outer");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class IllegalStateCloses4000 {
        @Bean
        EndpointFailureStatus illegalStateStatus() {
            return failure -> failure instanceof IllegalStateException ? new CloseStatus(4000, "illegal") : null;
        }
    }

    @Test
    void callScopeBeansAreEnteredAroundEveryCallInTheirOrder() {
        runner().withBean(ScopedEndpoint.class).withUserConfiguration(Scopes.class).run(context -> {
            try (TestClient client = TestClient.connect(context.getBean(WsServerLifecycle.class).port(), "/scoped")) {
                assertThat(client.nextText()).isEqualTo("open in outer+inner");
                client.send("hi");
                assertThat(client.nextText()).isEqualTo("text in outer+inner");
            }
        });
    }

    @Test
    void aFailureStatusBeanChoosesTheCloseStatusOfTheFailuresItAnswersFor() {
        runner().withBean(ScopedEndpoint.class).withUserConfiguration(IllegalStateCloses4000.class).run(context -> {
            int port = context.getBean(WsServerLifecycle.class).port();
            try (TestClient client = TestClient.connect(port, "/scoped")) {
                client.send("illegal state");
                assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(4000, "illegal"));
            }
            try (TestClient client = TestClient.connect(port, "/scoped")) {
                client.send("illegal argument");
                assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1011, "")); // not its failure
            }
        });
    }
}
