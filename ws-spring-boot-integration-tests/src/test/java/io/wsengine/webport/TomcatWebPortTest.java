package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;

/** The web port on Tomcat, Spring Boot's default servlet container. */
@SpringBootTest(classes = {WebPortApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ws.server.port=0", "ws.server.serve-on=both", "server.tomcat.connection-timeout=1s"})
class TomcatWebPortTest extends WebPortContract {
    @Autowired
    ServletWebServerFactory factory;

    @Test
    void runsOnTomcat() {
        assertThat(factory).isInstanceOf(TomcatServletWebServerFactory.class);
    }
}
