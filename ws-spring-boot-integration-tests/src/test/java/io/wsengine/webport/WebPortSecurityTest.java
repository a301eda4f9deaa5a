package io.wsengine.webport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * On the web server's port an upgrade passes the application's Spring Security filter chain like any
 * request: refused by it without authentication, and with it, the endpoint gets its
 * {@link Authentication} as the session's principal and as the security context of its calls.
 */
@SpringBootTest(classes = WebPortSecurityTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ws.server.serve-on=web-port")
class WebPortSecurityTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({OnTomcat.class, WhoAmI.class})
    static class App {
        @Bean
        SecurityFilterChain basicForEverything(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults()).build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}lovelace").roles("USER").build());
        }
    }

    @WsEndpoint("/who")
    static class WhoAmI {
        @OnOpen
        String open(Authentication authentication) {
            return "hello " + authentication.getName();
        }

        @OnTextMessage
        String text(String text, Principal principal) {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            return principal.getName() + " in context: " + (current == null ? "nobody" : current.getName());
        }
    }

    @LocalServerPort
    int webPort;

    private static Map<String, String> basic(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + credentials);
    }

    @Test
    void upgradeWithoutAuthenticationGets401FromSpringSecurity() {
        assertThat(TestClient.refusal(webPort, "/who", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void upgradeWithWrongCredentialsGets401() {
        assertThat(TestClient.refusal(webPort, "/who", basic("ada", "babbage")).statusCode()).isEqualTo(401);
    }

    @Test
    void authenticatedUpgradeReachesTheEndpointWithItsAuthentication() {
        try (TestClient client = TestClient.connect(webPort, "/who", basic("ada", "lovelace"))) {
            assertThat(client.nextText()).isEqualTo("hello ada");

            client.send("who");
            assertThat(client.nextText()).isEqualTo("ada in context: ada");
        }
    }
}
