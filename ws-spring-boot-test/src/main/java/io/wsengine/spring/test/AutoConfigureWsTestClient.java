package io.wsengine.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds a {@link WsTestClient} bean to a {@code @SpringBootTest} whose application runs the wsengine
 * server, as Spring Boot's own {@code @AutoConfigure...} annotations add their test clients:
 *
 * <pre>{@code
 * @SpringBootTest(properties = "ws.server.port=0")
 * @AutoConfigureWsTestClient
 * class ChatTests {
 *     @Autowired WsTestClient ws;
 *
 *     @Test
 *     void echoes() {
 *         try (WsTestSession session = ws.connect("/echo")) {
 *             session.sendText("hello");
 *             WsAssertions.assertThat(session).receivesText("hello");
 *         }
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWsTestClient {
}
