package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the WebSocket server listens on, the chosen one when {@code ws.server.port=0}:
 * a shortcut for {@code @Value("${local.ws.server.port}")}, for tests and for beans created after the
 * server has started.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + LocalWsServerPort.PROPERTY + "}")
public @interface LocalWsServerPort {
    /** The environment property holding the port once the server has started. */
    String PROPERTY = "local.ws.server.port";
}
