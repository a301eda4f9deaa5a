package io.wsengine.readme.endpointsecurity;

import static io.wsengine.spring.test.WsAssertions.assertThat;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.authority.AuthorityUtils;

/** The README's endpoint security snippet does what the README says it does. */
@SpringBootTest(classes = EndpointSecuritySnippetTest.App.class, properties = "ws.server.port=0")
@AutoConfigureWsTestClient
class EndpointSecuritySnippetTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import({AccountEndpoint.class, UserHeaderInterceptor.class})
    static class App {
    }

    /** Stands for the application's authentication: {@code X-User: ada} is an admin, others are users. */
    static class UserHeaderInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            String user = request.header("X-User");
            if (user == null) {
                return HandshakeResult.accept();
            }
            return HandshakeResult.accept().withPrincipal(UsernamePasswordAuthenticationToken.authenticated(user, null,
                    AuthorityUtils.createAuthorityList(user.equals("ada") ? "ROLE_ADMIN" : "ROLE_USER")));
        }
    }

    @Autowired
    WsTestClient ws;

    @Test
    void anAdminNotifiesEverySessionOfAUser() {
        try (WsTestSession ada = ws.connect("/account", o -> o.header("X-User", "ada"));
             WsTestSession bobOnPhone = ws.connect("/account", o -> o.header("X-User", "bob"));
             WsTestSession bobOnLaptop = ws.connect("/account", o -> o.header("X-User", "bob"))) {
            assertThat(ada).receivesText("hello ada");
            assertThat(bobOnPhone).receivesText("hello bob");
            assertThat(bobOnLaptop).receivesText("hello bob");

            ada.sendJson(new Notice("bob", "your report is ready"));

            assertThat(ada).receivesText("sent to 2");
            assertThat(bobOnPhone).receivesText("your report is ready");
            assertThat(bobOnLaptop).receivesText("your report is ready");
        }
    }

    @Test
    void aUserIsDeniedAndAStrangerGreeted() {
        try (WsTestSession bob = ws.connect("/account", o -> o.header("X-User", "bob"));
             WsTestSession stranger = ws.connect("/account")) {
            assertThat(bob).receivesText("hello bob");
            assertThat(stranger).receivesText("hello, stranger");

            bob.sendJson(new Notice("ada", "let me in"));

            assertThat(bob).receivesText("admins only");
        }
    }
}
