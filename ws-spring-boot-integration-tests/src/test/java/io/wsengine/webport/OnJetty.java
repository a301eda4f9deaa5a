package io.wsengine.webport;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Tomcat, Spring Boot's default, with Jetty: Boot's servlet web server backs off for a
 * factory bean. Top-level, not nested in {@link WebPortApp}: a nested configuration would be picked
 * up by every test of the app.
 */
@Configuration(proxyBeanMethods = false)
class OnJetty {
    @Bean
    JettyServletWebServerFactory jetty() {
        return new JettyServletWebServerFactory();
    }
}
