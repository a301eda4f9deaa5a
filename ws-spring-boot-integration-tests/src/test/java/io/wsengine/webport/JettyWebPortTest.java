package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;

/** The web port on Jetty ({@code spring-boot-starter-jetty}), its idle timeout set to 1 s. */
@SpringBootTest(classes = {WebPortApp.class, OnJetty.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ws.server.port=0", "ws.server.serve-on=both", "server.jetty.connection-idle-timeout=1s"})
class JettyWebPortTest extends WebPortContract {
    @Autowired
    ServletWebServerFactory factory;

    @Test
    void runsOnJetty() {
        assertThat(factory).isInstanceOf(JettyServletWebServerFactory.class);
    }
}
