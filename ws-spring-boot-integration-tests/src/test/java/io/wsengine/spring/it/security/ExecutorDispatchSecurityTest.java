package io.wsengine.spring.it.security;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Endpoint security with executor dispatch, on one endpoint thread so that calls share it. */
@SpringBootTest(classes = ExecutorDispatchSecurityTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.security.enabled=false", // the test interceptor names the principal, not a token
        "ws.server.dispatch=executor"})
class ExecutorDispatchSecurityTest extends EndpointSecuritySpec implements CallsShareOneThread {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity(securedEnabled = true)
    @Import({MeEndpoint.class, AdminEndpoint.class, StrictAdminEndpoint.class, TestUserInterceptor.class})
    static class App {
        @Bean(destroyMethod = "shutdownNow")
        ExecutorService wsEndpointExecutor() {
            return Executors.newSingleThreadExecutor(task -> new Thread(task, "ws-endpoint-only"));
        }
    }

    @Autowired
    @Qualifier("wsEndpointExecutor")
    ExecutorService endpointExecutor;

    @Override
    public Executor endpointThread() {
        return endpointExecutor;
    }
}
