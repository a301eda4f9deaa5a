package io.wsengine.spring.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Endpoint security with endpoint methods on virtual threads (Java 21+; CI runs it on a newer JDK). */
@SpringBootTest(classes = VirtualThreadsSecurityTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.security.enabled=false", // the test interceptor names the principal, not a token
        "spring.threads.virtual.enabled=true"})
class VirtualThreadsSecurityTest extends EndpointSecuritySpec {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity(securedEnabled = true)
    @Import({MeEndpoint.class, AdminEndpoint.class, StrictAdminEndpoint.class, TestUserInterceptor.class})
    static class App {
    }

    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
    }

    @Test
    void theContextIsSetOnTheVirtualThreadThatRunsTheMethod() {
        Seen text = openThenText("ada")[1];
        assertThat(text.virtual()).isTrue();
        assertThat(text.context()).isEqualTo("ada");
    }
}
