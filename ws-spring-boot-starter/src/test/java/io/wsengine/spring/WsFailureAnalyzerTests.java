package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.wsengine.spring.ssl.WsSslAutoConfiguration;
import io.wsengine.spring.ssl.WsSslBundleException;
import io.wsengine.spring.testing.QuietOutput;
import io.wsengine.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
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
    void everyAnalyzerIsRegisteredInSpringFactories() {
        assertThat(ourAnalyzers()).extracting(analyzer -> analyzer.getClass().getName()).containsExactlyInAnyOrder(
                "io.wsengine.spring.diagnostics.WsEndpointDefinitionFailureAnalyzer",
                "io.wsengine.spring.diagnostics.WsServerStartFailureAnalyzer",
                "io.wsengine.spring.diagnostics.WsSslBundleFailureAnalyzer");
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

    // --- ws.server.ssl.*: the bundle the WebSocket server serves wss:// with

    /** The runner with Spring Boot's SSL bundles and ours, an endpoint, and a bundle 'web' with this key store. */
    private static ApplicationContextRunner tlsRunner(Path keyStore, String password) {
        return runner().withConfiguration(AutoConfigurations.of(WsSslAutoConfiguration.class, SslAutoConfiguration.class))
                .withBean(EchoEndpoint.class)
                .withPropertyValues("spring.ssl.bundle.jks.web.keystore.location=" + keyStore.toUri(),
                        "spring.ssl.bundle.jks.web.keystore.type=PKCS12",
                        "spring.ssl.bundle.jks.web.keystore.password=" + password);
    }

    @Test
    void missingSslBundleIsExplainedNamingThePropertyAndTheBundlesThereAre() {
        Throwable failure = startupFailure(tlsRunner(TestCertificates.serverKeyStore(), TestCertificates.PASSWORD)
                .withPropertyValues("ws.server.ssl.bundle=wbe"));
        FailureAnalysis analysis = analyze(failure);
        assertThat(analysis.getDescription()).contains("ws.server.ssl.bundle", "'wbe'", "no SSL bundle", "defined: web");
        assertThat(analysis.getAction()).contains("spring.ssl.bundle.jks.wbe.", "spring.ssl.bundle.pem.wbe.",
                "ws.server.ssl.bundle");
        assertThat(analysis.getCause()).isInstanceOf(WsSslBundleException.class);
    }

    @Test
    void unreadableKeyStoreIsExplainedNamingThePropertyTheFileAndWhatToCheck(@TempDir Path dir) throws IOException {
        Path notAKeyStore = Files.writeString(dir.resolve("server.p12"), "not a key store");
        FailureAnalysis analysis = analyze(startupFailure(tlsRunner(notAKeyStore, TestCertificates.PASSWORD)
                .withPropertyValues("ws.server.ssl.bundle=web")));
        assertThat(analysis.getDescription()).contains("ws.server.ssl.bundle", "'web'", "cannot be read",
                notAKeyStore.toUri().toString());
        assertThat(analysis.getAction()).contains("spring.ssl.bundle.jks.web.", "password");
    }

    @Test
    void wrongKeyStorePasswordIsExplainedNamingTheProperty() {
        FailureAnalysis analysis = analyze(startupFailure(tlsRunner(TestCertificates.serverKeyStore(), "wrong")
                .withPropertyValues("ws.server.ssl.bundle=web")));
        assertThat(analysis.getDescription()).contains("ws.server.ssl.bundle", "'web'", "cannot be read", "password");
        assertThat(analysis.getAction()).contains("spring.ssl.bundle.jks.web.", "password");
    }

    @Test
    void clientAuthWithoutABundleIsExplained() {
        FailureAnalysis analysis = analyze(startupFailure(tlsRunner(TestCertificates.serverKeyStore(),
                TestCertificates.PASSWORD).withPropertyValues("ws.server.ssl.client-auth=need")));
        assertThat(analysis.getDescription()).contains("ws.server.ssl.client-auth", "need", "ws.server.ssl.bundle");
        assertThat(analysis.getAction()).contains("ws.server.ssl.bundle");
    }

    @Test
    void bundleOptionsTheEngineDoesNotSpeakAreExplained() {
        FailureAnalysis analysis = analyze(startupFailure(tlsRunner(TestCertificates.serverKeyStore(),
                TestCertificates.PASSWORD).withPropertyValues("ws.server.ssl.bundle=web",
                "spring.ssl.bundle.jks.web.options.enabled-protocols=TLSv1.1")));
        assertThat(analysis.getDescription()).contains("ws.server.ssl.bundle", "'web'", "TLSv1.1");
        assertThat(analysis.getAction()).contains("spring.ssl.bundle.jks.web.options", "enabled-protocols", "TLSv1.2");
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

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({WsServerAutoConfiguration.class, WsSslAutoConfiguration.class,
            SslAutoConfiguration.class, TaskExecutionAutoConfiguration.class, JacksonAutoConfiguration.class})
    @Import(EchoEndpoint.class)
    static class TlsEchoApp {
    }

    @Test
    void applicationStartupReportsAMissingSslBundleWithDescriptionAndAction(QuietOutput.Captured output) {
        run(TlsEchoApp.class, "--ws.server.address=127.0.0.1", "--ws.server.port=0", "--ws.server.ssl.bundle=chat");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "Description:",
                "ws.server.ssl.bundle is 'chat', but there is no SSL bundle of that name (none is defined)", "Action:",
                "spring.ssl.bundle.jks.chat.*");
    }

    /** Spring Boot's own analyzer reports a bad value; the report should name the key the user wrote. */
    @Test
    void applicationStartupReportsAnInvalidPropertyByItsKey(QuietOutput.Captured output) {
        run(EchoApp.class, "--ws.server.address=127.0.0.1", "--ws.server.port=70000");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START", "0-65535", "ws.server.port");
    }
}
