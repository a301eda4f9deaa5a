package io.wsengine.webport;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs Tomcat: with Jetty on the test classpath too, Spring Boot would pick Jetty. An application
 * with only {@code spring-boot-starter-webmvc} gets Tomcat without this.
 */
@Configuration(proxyBeanMethods = false)
class OnTomcat {
    @Bean
    TomcatServletWebServerFactory tomcat() {
        return new TomcatServletWebServerFactory();
    }
}
