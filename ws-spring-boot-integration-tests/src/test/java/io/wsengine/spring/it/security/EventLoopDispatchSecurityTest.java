package io.wsengine.spring.it.security;

import java.util.concurrent.Executor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Endpoint security with endpoint methods on the event loop; one loop, so that calls share its thread. */
@SpringBootTest(classes = EventLoopDispatchSecurityTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.security.enabled=false", // the test interceptor names the principal, not a token
        "ws.server.dispatch=event-loop",
        "ws.server.event-loops=1"})
class EventLoopDispatchSecurityTest extends EndpointSecuritySpec implements CallsShareOneThread {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity(securedEnabled = true)
    @Import({MeEndpoint.class, AdminEndpoint.class, StrictAdminEndpoint.class, TestUserInterceptor.class})
    static class App {
    }

    @Override
    public Executor endpointThread() {
        return me.lastOpened().eventLoop(); // the only loop: every session's
    }
}
