package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.wsengine.spring.testing.QuietOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Our failure analyzers, found as Spring Boot finds them (META-INF/spring.factories), explain a real
 * start-up failure: what went wrong, and what to do.
 */
@ExtendWith(QuietOutput.class) // the reports these tests provoke stay out of the build log
class WsFailureAnalyzerTests {

    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    @WsEndpoint("/broken")
    static class BrokenEndpoint {
        @OnOpen
        void open(Integer unsupported) {
        }
    }

    /** The analyzers registered in spring.factories that are ours (Boot's own need arguments: skipped). */
    private static List<FailureAnalyzer> ourAnalyzers() {
        ClassLoader classLoader = WsFailureAnalyzerTests.class.getClassLoader();
        return SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> { }))
                .stream().filter(analyzer -> analyzer.getClass().getName().startsWith("io.wsengine.spring."))
                .toList();
    }

    /** What our analyzers make of a failure; fails the test when none of them analyzes it. */
    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).as("start-up failure").isNotNull();
        return ourAnalyzers().stream().map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new AssertionError("no analysis of " + failure, failure));
    }

    private static Throwable startupFailure(ApplicationContextRunner runner) {
        Throwable[] failure = new Throwable[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            failure[0] = context.getStartupFailure();
        });
        return failure[0];
    }

    @Test
    void bothAnalyzersAreRegisteredInSpringFactories() {
        assertThat(ourAnalyzers()).extracting(analyzer -> analyzer.getClass().getName()).containsExactlyInAnyOrder(
                "io.wsengine.spring.diagnostics.WsEndpointDefinitionFailureAnalyzer",
                "io.wsengine.spring.diagnostics.WsServerStartFailureAnalyzer");
    }

    @Test
    void portInUseIsExplainedWithAnActionNamingWsServerPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Throwable failure = startupFailure(runner().withBean(EchoEndpoint.class)
                    .withPropertyValues("ws.server.port=" + port));
            assertThat(WsContextTestSupport.causeOfType(failure, WsServerStartException.class).port()).isEqualTo(port);
            FailureAnalysis analysis = analyze(failure);
            assertThat(analysis.getDescription()).contains("127.0.0.1:" + port);
            assertThat(analysis.getAction()).contains("ws.server.port", String.valueOf(port));
            assertThat(analysis.getCause()).isInstanceOf(WsServerStartException.class);
        }
    }

    @Test
    void invalidEndpointIsExplainedWithTheMethodAndAnAction() {
        Throwable failure = startupFailure(runner().withBean(BrokenEndpoint.class));
        FailureAnalysis analysis = analyze(failure);
        assertThat(analysis.getDescription()).contains("BrokenEndpoint.open", "Integer");
        assertThat(analysis.getAction()).contains("@OnOpen", "WsSession");
        assertThat(analysis.getCause()).isInstanceOf(WsEndpointDefinitionException.class);
    }

    // --- through SpringApplication, as a user sees it

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({WsServerAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @Import(EchoEndpoint.class)
    static class EchoApp {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({WsServerAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @Import(BrokenEndpoint.class)
    static class BrokenApp {
    }

    private static void run(Class<?> app, String... args) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        assertThatException().isThrownBy(() -> application.run(args).close());
    }

    @Test
    void applicationStartupReportsAPortInUseWithDescriptionAndAction(QuietOutput.Captured output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            run(EchoApp.class, "--ws.server.address=127.0.0.1", "--ws.server.port=" + port);
            assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "Description:",
                    "could not listen on 127.0.0.1:" + port, "Action:", "set ws.server.port");
        }
    }

    @Test
    void applicationStartupReportsAnInvalidEndpointWithDescriptionAndAction(QuietOutput.Captured output) {
        run(BrokenApp.class, "--ws.server.address=127.0.0.1", "--ws.server.port=0");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "Description:",
                "Invalid WebSocket endpoint: BrokenEndpoint.open(Integer)", "Action:", "@OnOpen supports");
    }

    /** Spring Boot's own analyzer reports a bad value; the report should name the key the user wrote. */
    @Test
    void applicationStartupReportsAnInvalidPropertyByItsKey(QuietOutput.Captured output) {
        run(EchoApp.class, "--ws.server.address=127.0.0.1", "--ws.server.port=70000");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "0-65535", "ws.server.port");
    }
}
