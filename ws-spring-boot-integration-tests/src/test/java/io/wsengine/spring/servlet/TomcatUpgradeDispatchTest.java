package io.wsengine.spring.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.TestCertificates;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Tomcat's dispatches of the engine's upgraded connections run without its container threads: a
 * plain socket's on Tomcat's poller, a TLS socket's on the session's loop. Counted on Tomcat's own
 * pool, behind the starter's executor: echoing hundreds of messages one at a time runs a handful of
 * its tasks (the upgrade request's), where each message took one before.
 */
class TomcatUpgradeDispatchTest {
    private static final int MESSAGES = 300;

    @Test
    void plainMessagesRunNoTaskOnTomcatsPool() {
        try (ConfigurableApplicationContext context = start()) {
            ThreadPoolExecutor pool = tomcatsPool(context);
            long before = pool.getCompletedTaskCount();
            try (JdkWsClient client = JdkWsClient.connect(port(context), "/echo")) {
                echoOneAtATime(client);
            }
            assertThat(pool.getCompletedTaskCount() - before).isLessThan(MESSAGES / 10);
        }
    }

    @Test
    void tlsMessagesRunNoTaskOnTomcatsPool() {
        String store = TestCertificates.serverKeyStore().toUri().toString();
        try (ConfigurableApplicationContext context = start("server.ssl.key-store=" + store,
                "server.ssl.key-store-type=PKCS12", "server.ssl.key-store-password=" + TestCertificates.PASSWORD)) {
            ThreadPoolExecutor pool = tomcatsPool(context);
            long before = pool.getCompletedTaskCount();
            try (JdkWsClient client = JdkWsClient.connectTls(port(context), "/echo", TestCertificates.clientContext())) {
                echoOneAtATime(client);
            }
            assertThat(pool.getCompletedTaskCount() - before).isLessThan(MESSAGES / 10);
        }
    }

    @Test
    void tomcatsPoolEndsWithTheConnectorAndReportsItsThreads() {
        ThreadPoolExecutor pool;
        try (ConfigurableApplicationContext context = start()) {
            pool = tomcatsPool(context);
            Connector connector = connector(context);
            assertThat(connector.getProtocolHandler().getExecutor()).isInstanceOf(TomcatUpgradeDispatch.class);
            TomcatUpgradeDispatch dispatch = (TomcatUpgradeDispatch) connector.getProtocolHandler().getExecutor();
            assertThat(dispatch.getPoolSize()).isEqualTo(pool.getPoolSize()).isPositive();
            assertThat(dispatch.getMaxThreads()).isEqualTo(pool.getMaximumPoolSize());
        }
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void anExecutorOfTheApplicationsIsRoutedAroundAndPutBackNotEnded() {
        java.util.concurrent.ThreadPoolExecutor applications = new java.util.concurrent.ThreadPoolExecutor(4, 4,
                0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            Connector connector;
            try (ConfigurableApplicationContext context = start(applications)) {
                connector = connector(context);
                Executor executor = connector.getProtocolHandler().getExecutor();
                assertThat(executor).isInstanceOf(TomcatUpgradeDispatch.class);
                assertThat(((TomcatUpgradeDispatch) executor).pool()).isSameAs(applications);
                long before = applications.getCompletedTaskCount();
                try (JdkWsClient client = JdkWsClient.connect(port(context), "/echo")) {
                    echoOneAtATime(client);
                }
                assertThat(applications.getCompletedTaskCount() - before).isLessThan(MESSAGES / 10);
            }
            assertThat(connector.getProtocolHandler().getExecutor()).isSameAs(applications);
            assertThat(applications.isShutdown()).isFalse();
        } finally {
            applications.shutdownNow();
        }
    }

    private static void echoOneAtATime(JdkWsClient client) {
        for (int i = 0; i < MESSAGES; i++) {
            client.sendText("message " + i);
            assertThat(client.awaitText()).isEqualTo("message " + i);
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return start(null, properties);
    }

    /** Starts the app; with an executor, Tomcat is given it, as an application's customizer would. */
    private static ConfigurableApplicationContext start(Executor tomcatExecutor, String... properties) {
        SpringApplication app = new SpringApplication(EchoApp.class);
        if (tomcatExecutor != null) {
            app.addInitializers(context -> context.getBeanFactory().registerSingleton("applicationsExecutor",
                    (TomcatProtocolHandlerCustomizer<ProtocolHandler>) protocol -> protocol.setExecutor(tomcatExecutor)));
        }
        String[] args = new String[properties.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--server.address=127.0.0.1";
        args[2] = "--ws.server.serve-on=web-port";
        for (int i = 0; i < properties.length; i++) {
            args[i + 3] = "--" + properties[i];
        }
        return app.run(args);
    }

    private static Connector connector(ConfigurableApplicationContext context) {
        return ((TomcatWebServer) ((WebServerApplicationContext) context).getWebServer()).getTomcat().getConnector();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static ThreadPoolExecutor tomcatsPool(ConfigurableApplicationContext context) {
        Executor executor = connector(context).getProtocolHandler().getExecutor();
        assertThat(executor).isInstanceOf(TomcatUpgradeDispatch.class);
        return (ThreadPoolExecutor) ((TomcatUpgradeDispatch) executor).pool();
    }

    /** An echo endpoint on Tomcat's port, open to all. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(EchoApp.Echo.class)
    static class EchoApp {
        @Bean
        TomcatServletWebServerFactory tomcat(ObjectProvider<TomcatProtocolHandlerCustomizer<?>> customizers) {
            TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(); // Jetty is on the classpath too
            factory.addProtocolHandlerCustomizers(customizers.orderedStream().toArray(TomcatProtocolHandlerCustomizer[]::new));
            return factory;
        }

        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable()).build();
        }

        @WsEndpoint("/echo")
        public static class Echo {
            @OnTextMessage
            public String text(String text) {
                return text;
            }
        }
    }
}
