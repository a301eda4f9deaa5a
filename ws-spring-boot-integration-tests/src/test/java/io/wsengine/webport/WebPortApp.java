package io.wsengine.webport;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeResult;
import io.wsengine.WsSession;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsInterceptorFor;
import io.wsengine.spring.security.WsPermitAll;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A web application with endpoints and a controller, for the web port's tests on Tomcat and on Jetty. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({WebPortApp.OpenToAll.class, WebPortApp.Echo.class, WebPortApp.Rooms.class, WebPortApp.Paused.class, WebPortApp.Controller.class,
        WebPortApp.GuestsOnly.class, WebPortApp.Later.class, WebPortApp.DecidedLater.class})
class WebPortApp {

    /** No login: Spring Security is on the test classpath, and would otherwise ask for one everywhere. */
    @Configuration(proxyBeanMethods = false)
    static class OpenToAll {
        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable()).build();
        }
    }

    /** Open on the engine's own port too, where the starter's security asks for credentials by default. */
    @WsEndpoint("/echo")
    @WsPermitAll
    public static class Echo {
        final BlockingQueue<WsSession> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<CloseStatus> closed = new LinkedBlockingQueue<>();

        @OnOpen
        public void open(WsSession session) {
            opened.add(session);
        }

        @OnTextMessage
        public String text(String text, WsSession session) {
            if (text.startsWith("close ")) {
                session.close(CloseStatus.of(Integer.parseInt(text.substring(6))).withReason("asked to"));
                return null;
            }
            return text;
        }

        @OnClose
        public void close(CloseStatus status) {
            closed.add(status);
        }
    }

    /** Reads nothing: its session pauses reading as it opens. */
    @WsEndpoint("/paused")
    public static class Paused {
        @OnOpen
        public void open(WsSession session) {
            session.pauseReading();
        }

        @io.wsengine.spring.OnBinaryMessage
        public void binary(byte[] data) {
            // never called while paused
        }
    }

    @WsEndpoint("/rooms/{room}")
    public static class Rooms {
        @OnOpen
        public String open(@PathParam("room") String room, WsSession session) {
            return "room " + room + " guest " + session.attributes().get("guest");
        }
    }

    /** Refuses upgrades without a guest name, and keeps the name for the session. */
    @WsInterceptorFor("/rooms/{room}")
    static class GuestsOnly implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(io.wsengine.HandshakeRequest request, Map<String, Object> attributes) {
            String guest = request.queryParam("guest");
            if (guest == null) {
                return HandshakeResult.reject(403, "guests only", Map.of("X-Why", "no guest"));
            }
            attributes.put("guest", guest);
            return HandshakeResult.accept();
        }
    }

    /** Its upgrades are decided later: by another thread, or, with {@code ?never}, not at all. */
    @WsEndpoint("/later")
    @WsPermitAll
    public static class Later {
        @OnOpen
        public String open() {
            return "decided later";
        }
    }

    @WsInterceptorFor("/later")
    static class DecidedLater implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(io.wsengine.HandshakeRequest request, Map<String, Object> attributes) {
            return HandshakeResult.deferred(request.queryParam("never") != null ? new CompletableFuture<>()
                    : CompletableFuture.supplyAsync(HandshakeResult::accept));
        }
    }

    @RestController
    static class Controller {
        @GetMapping("/hello")
        String hello() {
            return "hello from the web app";
        }

        @GetMapping("/echo")
        String echoPage() {
            return "the echo endpoint's page";
        }
    }
}
