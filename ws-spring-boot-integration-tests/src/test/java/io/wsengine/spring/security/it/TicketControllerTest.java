package io.wsengine.spring.security.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.security.WsTickets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ticket flow through a real web server: a signed-in user POSTs to the ticket controller and opens
 * a WebSocket with the ticket. The store keeps one ticket at a time here, to cross its limit.
 */
@SpringBootTest(classes = TicketControllerTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "ws.server.port=0", "ws.server.address=127.0.0.1",
                "ws.server.security.ticket.max-outstanding=1"})
class TicketControllerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Endpoint.class)
    static class App {
        static final BlockingQueue<WsSession> OPENED = new LinkedBlockingQueue<>();

        /** An API client's sign-in, HTTP Basic; a browser application keeps CSRF protection and sends its token. */
        @Bean
        SecurityFilterChain web(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.disable())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}pw").roles("USER").build());
        }
    }

    @WsEndpoint("/secured")
    static class Endpoint {
        @OnOpen
        void open(WsSession session) {
            App.OPENED.add(session);
        }
    }

    @LocalServerPort
    int webPort;

    @Autowired
    WsTickets tickets;

    @LocalWsServerPort
    int wsPort;

    private HttpResponse<String> postTicket(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/ws-ticket"))
                .timeout(Upgrades.TIMEOUT).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> signedIn() {
        return Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("ada:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedInUserGetsATicketThatOpensASessionInTheirName() throws Exception {
        HttpResponse<String> response = postTicket(signedIn());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.get("expiresAt").asString()).isNotBlank();
        WebSocket client = Upgrades.open(wsPort, "/secured?ticket=" + body.get("ticket").asString(), Map.of());
        try {
            WsSession session = App.OPENED.poll(Upgrades.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(session).isNotNull();
            assertThat(session.principal().orElseThrow().getName()).isEqualTo("ada");
        } finally {
            client.abort();
        }
    }

    @Test
    void noTicketWithoutSigningIn() throws Exception {
        assertThat(postTicket(Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void aFullStoreAnswers503WithRetryAfter() throws Exception {
        HttpResponse<String> first = postTicket(signedIn()); // takes the store's only place
        try {
            HttpResponse<String> response = postTicket(signedIn());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.body()).doesNotContain("ticket\"");
        } finally {
            // gives the place back for the other tests
            tickets.redeem(JsonMapper.builder().build().readTree(first.body()).get("ticket").asString());
        }
    }
}
