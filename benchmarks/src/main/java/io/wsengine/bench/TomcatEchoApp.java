package io.wsengine.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Spring Boot 4 with {@code spring-boot-starter-websocket} on Tomcat, as an application would use it:
 * a {@link WebSocketConfigurer} registers an echo handler on {@code /echo} and a broadcast handler on
 * {@code /broadcast}. Our starter, also on the class path, is switched off
 * ({@code ws.server.enabled=false}).
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.TomcatEchoApp --port 9001</pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TomcatEchoApp.WebSocketConfig.class)
public class TomcatEchoApp {
    static final String USAGE = "TomcatEchoApp --port N [--server.*=...]";

    public static void main(String[] args) {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        SpringApplication app = new SpringApplication(TomcatEchoApp.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        Map<String, Object> defaults = tomcatDefaults(a.port);
        defaults.put("ws.server.enabled", "false");
        app.setDefaultProperties(defaults);
        app.run(a.springArgs());
        ServerArgs.ready("Spring WebSocket on Tomcat", a.port, "/echo, /broadcast");
    }

    /** Tomcat, named: Jetty is on this module's class path too (for {@code starter-web-port-jetty}). */
    @Bean
    TomcatServletWebServerFactory tomcat() {
        return new TomcatServletWebServerFactory();
    }

    /** The Tomcat settings of every server here that runs on Tomcat, so that they differ only in what runs the sessions. */
    static Map<String, Object> tomcatDefaults(int port) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.port", port);
        // Tomcat stops accepting at 8192 connections by default: the idle-connection workload opens 10,000.
        defaults.put("server.tomcat.max-connections", 20000);
        defaults.put("server.tomcat.accept-count", 4096);
        // Spring Data Redis is on the class path for starter-cluster-2 only: no Redis client here.
        defaults.put("spring.autoconfigure.exclude", StarterEchoApp.REDIS_OFF);
        return defaults;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class WebSocketConfig implements WebSocketConfigurer {
        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(new EchoHandler(), "/echo").setAllowedOrigins("*");
            registry.addHandler(new BroadcastHandler(), "/broadcast").setAllowedOrigins("*");
        }

    }

    /**
     * Echoes text as text and binary as binary. Partial messages: Tomcat assembles a whole message
     * in a per-session buffer of 8 KiB by default, allocated up front for every session; rather than
     * raising it to 64 KiB for workload C (which would take ~130 KiB of heap per connection, too
     * much for 10,000 connections in 512 MiB), larger messages arrive and go back in parts.
     */
    static final class EchoHandler extends AbstractWebSocketHandler {
        @Override
        public boolean supportsPartialMessages() {
            return true;
        }

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
            session.sendMessage(message);
        }

        @Override
        protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
            session.sendMessage(message);
        }
    }

    /** Sends each text message to every open session of {@code /broadcast}, the sender included. */
    static final class BroadcastHandler extends TextWebSocketHandler {
        private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            sessions.add(session);
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            sessions.remove(session);
        }

        @Override
        protected void handleTextMessage(WebSocketSession sender, TextMessage message) {
            for (WebSocketSession session : sessions) {
                try {
                    // Spring's sessions are not safe for concurrent sends; only this thread broadcasts.
                    synchronized (session) {
                        session.sendMessage(message);
                    }
                } catch (IOException | RuntimeException e) {
                    // one failing receiver does not stop the others
                }
            }
        }
    }
}
