package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.causeOfType;
import static io.wsengine.spring.WsContextTestSupport.roundTrip;
import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where endpoint methods run ({@code ws.server.dispatch}): on an executor (ours by name, else Spring
 * Boot's task executor) or on the server's event loop. Proven with a real JDK client: the endpoint
 * answers with the name of the thread it ran on.
 */
class EndpointDispatchTests {

    @WsEndpoint("/thread")
    static class ThreadNameEndpoint {
        @OnTextMessage
        String text(String ignored) {
            return Thread.currentThread().getName();
        }
    }

    /** Without Spring Boot's task execution auto-configuration: no Executor bean unless a test adds one. */
    private static ApplicationContextRunner runnerWithoutTaskExecution() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class, JacksonAutoConfiguration.class))
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1")
                .withBean(ThreadNameEndpoint.class);
    }

    private static String threadOfEndpointMethod(org.springframework.context.ApplicationContext context)
            throws Exception {
        return roundTrip(context.getBean(WsServerLifecycle.class).port(), "/thread", "which thread?");
    }

    @Test
    void executorDispatchWithoutAnyExecutorFailsStartupClearly() {
        runnerWithoutTaskExecution().withPropertyValues("ws.server.dispatch=executor").run(context -> {
            assertThat(context).hasFailed();
            WsEndpointDefinitionException failure = causeOfType(context.getStartupFailure(),
                    WsEndpointDefinitionException.class);
            assertThat(failure.getMessage()).contains("ws.server.dispatch=executor", "Executor", "none");
            assertThat(failure.action()).contains(WsServerAutoConfiguration.ENDPOINT_EXECUTOR,
                    "ws.server.dispatch=event-loop");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoUnnamedExecutors {
        @Bean(destroyMethod = "shutdownNow")
        ExecutorService firstPool() {
            return Executors.newSingleThreadExecutor();
        }

        @Bean(destroyMethod = "shutdownNow")
        ExecutorService secondPool() {
            return Executors.newSingleThreadExecutor();
        }
    }

    @Test
    void executorDispatchWithTwoUnnamedExecutorsFailsNamingThem() {
        runnerWithoutTaskExecution().withUserConfiguration(TwoUnnamedExecutors.class).run(context -> {
            assertThat(context).hasFailed();
            WsEndpointDefinitionException failure = causeOfType(context.getStartupFailure(),
                    WsEndpointDefinitionException.class);
            assertThat(failure.getMessage()).contains("more than one", "firstPool", "secondPool");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedEndpointExecutor {
        private static final AtomicInteger THREADS = new AtomicInteger();

        @Bean(destroyMethod = "shutdownNow")
        ExecutorService wsEndpointExecutor() {
            return Executors.newFixedThreadPool(2,
                    task -> new Thread(task, "user-ws-endpoint-" + THREADS.incrementAndGet()));
        }
    }

    @Test
    void executorNamedWsEndpointExecutorRunsEndpointMethods() {
        runner().withBean(ThreadNameEndpoint.class).withUserConfiguration(NamedEndpointExecutor.class)
                .withPropertyValues("spring.task.execution.mode=force").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("applicationTaskExecutor");
                    assertThat(threadOfEndpointMethod(context)).startsWith("user-ws-endpoint-");
                });
    }

    @Test
    void executorNamedWsEndpointExecutorIsUsedWithoutTaskExecutionAutoConfiguration() {
        runnerWithoutTaskExecution().withUserConfiguration(NamedEndpointExecutor.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(threadOfEndpointMethod(context)).startsWith("user-ws-endpoint-");
        });
    }

    @Test
    void executorDispatchDefaultsToSpringBootsTaskExecutor() {
        runner().withBean(ThreadNameEndpoint.class).withPropertyValues("spring.task.execution.thread-name-prefix=boot-task-")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(threadOfEndpointMethod(context)).startsWith("boot-task-");
                });
    }

    @Test
    void eventLoopDispatchRunsEndpointMethodsOnAnEventLoopThread() {
        runner().withBean(ThreadNameEndpoint.class).withPropertyValues("ws.server.dispatch=event-loop").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(threadOfEndpointMethod(context)).startsWith("ws-loop-");
        });
    }

    @Test
    void eventLoopDispatchNeedsNoExecutor() {
        runnerWithoutTaskExecution().withPropertyValues("ws.server.dispatch=event-loop").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(threadOfEndpointMethod(context)).startsWith("ws-loop-");
        });
    }
}
