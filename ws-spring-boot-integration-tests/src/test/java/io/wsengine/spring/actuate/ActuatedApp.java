package io.wsengine.spring.actuate;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.security.WsPermitAll;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A web application with Actuator and two endpoints, one with a path template. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ActuatedApp.Chat.class, ActuatedApp.Echo.class})
class ActuatedApp {

    /** With Jetty on the test classpath too, Spring Boot would pick Jetty. */
    @Bean
    TomcatServletWebServerFactory tomcat() {
        return new TomcatServletWebServerFactory();
    }

    /** No login: Spring Security is on the test classpath. */
    @Bean
    SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable()).build();
    }

    @WsEndpoint("/chat/{room}")
    @WsPermitAll
    public static class Chat {
        final BlockingQueue<WsSession> opened = new LinkedBlockingQueue<>();
        final Map<String, CloseStatus> closed = new ConcurrentHashMap<>();

        @OnOpen
        void open(WsSession session) {
            session.attributes().put("secret", "never shown");
            opened.add(session);
        }

        @OnTextMessage
        String echo(String text) {
            return text;
        }

        @OnClose
        void close(WsSession session, CloseStatus status) {
            closed.put(session.id(), status);
        }
    }

    @WsEndpoint("/echo")
    @WsPermitAll
    public static class Echo {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }
}
