package io.wsengine.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointFailureStatus;
import io.wsengine.spring.testing.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * When the endpoint security auto-configuration applies, and that the starter goes on without it:
 * without Spring Security on the classpath nothing of it is defined, and no class outside this
 * package names a Spring Security type, so none is ever loaded.
 */
class WsEndpointSecurityAutoConfigurationTests {
    private static final String SPRING_SECURITY = "org.springframework.security";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class,
                    WsEndpointSecurityAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1");

    @WsEndpoint("/who")
    static class WhoEndpoint {
        @OnTextMessage
        String text(String text, Principal principal) {
            return "principal=" + (principal == null ? null : principal.getName());
        }
    }

    /** Every session is ada's. */
    static class AdaInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            return HandshakeResult.accept().withPrincipal(UsernamePasswordAuthenticationToken.authenticated("ada",
                    null, AuthorityUtils.createAuthorityList("ROLE_USER")));
        }
    }

    /** A holder strategy of the application's own, with a thread-local of its own. */
    static class OwnStrategy implements SecurityContextHolderStrategy {
        private final ThreadLocal<SecurityContext> context = new ThreadLocal<>();

        @Override
        public void clearContext() {
            context.remove();
        }

        @Override
        public SecurityContext getContext() {
            if (context.get() == null) {
                context.set(createEmptyContext());
            }
            return context.get();
        }

        @Override
        public void setContext(SecurityContext securityContext) {
            context.set(securityContext);
        }

        @Override
        public SecurityContext createEmptyContext() {
            return new SecurityContextImpl();
        }
    }

    /** Tells whose authentication the application's strategy holds, and whose the global holder does. */
    @WsEndpoint("/contexts")
    static class ContextsEndpoint {
        private final OwnStrategy own;

        ContextsEndpoint(OwnStrategy own) {
            this.own = own;
        }

        @OnTextMessage
        String text(String text) {
            return "own=" + name(own.getContext().getAuthentication())
                    + " global=" + name(SecurityContextHolder.getContext().getAuthentication());
        }

        private static String name(Authentication authentication) {
            return authentication == null ? null : authentication.getName();
        }
    }

    private static String reply(ApplicationContext context, String path) {
        try (TestClient client = TestClient.connect(context.getBean(WsServerLifecycle.class).port(), path)) {
            client.send("tell me");
            return client.nextText();
        }
    }

    @Test
    void withSpringSecurityEveryCallGetsAContextAndDenialsClose1008() {
        runner.withBean(WhoEndpoint.class).run(context -> {
            assertThat(context).hasSingleBean(SecurityContextCallScope.class);
            assertThat(context).hasSingleBean(AccessDeniedCloseStatus.class);
        });
    }

    @Test
    void withoutSpringSecurityNothingOfItIsDefinedAndEndpointsStillServe() {
        runner.withBean(WhoEndpoint.class).withClassLoader(new FilteredClassLoader(SPRING_SECURITY)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(EndpointCallScope.class);
            assertThat(context).doesNotHaveBean(EndpointFailureStatus.class);
            List<String> securityBeans = Arrays.stream(context.getBeanDefinitionNames())
                    .map(context::getType).filter(Objects::nonNull).map(Class::getName)
                    .filter(type -> type.startsWith(SPRING_SECURITY) || type.startsWith("io.wsengine.spring.security"))
                    .filter(type -> !type.startsWith(WsEndpointSecurityAutoConfigurationTests.class.getName()))
                    .toList();
            assertThat(securityBeans).isEmpty();
            assertThat(reply(context, "/who")).isEqualTo("principal=null");
        });
    }

    @Test
    void noClassOutsideTheSecurityPackageNamesASpringSecurityType() throws Exception {
        Path starter = Path.of(WsServerAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // the starter's classes: a directory in the reactor's target, or its jar
        try (FileSystem jar = Files.isDirectory(starter) ? null : FileSystems.newFileSystem(starter)) {
            Path classes = jar == null ? starter : jar.getPath("/");
            Path securityPackage = classes.resolve("io/wsengine/spring/security");
            List<Path> all;
            try (Stream<Path> files = Files.walk(classes)) {
                all = files.filter(file -> file.toString().endsWith(".class")).toList();
            }
            List<Path> naming = all.stream().filter(WsEndpointSecurityAutoConfigurationTests::namesSpringSecurity).toList();
            assertThat(naming).as("the scan finds references where there are some")
                    .contains(securityPackage.resolve("SecurityContextCallScope.class"));
            assertThat(all.size()).as("classes scanned").isGreaterThan(30);
            // and the Redis ticket store, loaded only once its auto-configuration's @ConditionalOnClass has
            // found Spring Security (WsRedisTicketStoreAutoConfigurationTests checks it without)
            List<Path> redisTickets = List.of(classes.resolve("io/wsengine/spring/cluster/redis/RedisWsTicketStore.class"),
                    classes.resolve("io/wsengine/spring/cluster/redis/WsRedisTicketStoreAutoConfiguration.class"));
            assertThat(naming).as("classes that would load Spring Security")
                    .allMatch(file -> file.startsWith(securityPackage) || redisTickets.contains(file));
        }
    }

    /** Whether the class file's constant pool names a type or member of Spring Security. */
    private static boolean namesSpringSecurity(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
                    .contains(SPRING_SECURITY.replace('.', '/'));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void backsOffWhenTheServerIsDisabled() {
        runner.withPropertyValues("ws.server.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(EndpointCallScope.class);
            assertThat(context).doesNotHaveBean(EndpointFailureStatus.class);
        });
    }

    @Test
    void theApplicationsOwnCallScopeReplacesOurs() {
        SecurityContextCallScope own = new SecurityContextCallScope(SecurityContextHolder::getContextHolderStrategy);
        runner.withBean(WhoEndpoint.class).withBean(SecurityContextCallScope.class, () -> own).run(context -> {
            assertThat(context).getBean(SecurityContextCallScope.class).isSameAs(own);
        });
    }

    @Test
    void theApplicationsHolderStrategyBeanHoldsTheContext() {
        runner.withBean(OwnStrategy.class).withBean(ContextsEndpoint.class).withBean(AdaInterceptor.class)
                .run(context -> assertThat(reply(context, "/contexts")).isEqualTo("own=ada global=null"));
    }
}
