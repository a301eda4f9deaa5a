package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method called when a session of the endpoint opens. Parameters: {@link io.wsengine.WsSession},
 * {@link io.wsengine.HandshakeRequest}, a {@link java.security.Principal} (the session's principal when it
 * is of the parameter's type, such as Spring Security's {@code Authentication}; null for an anonymous
 * session), {@link PathParam} values. A return value is sent to the session.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnOpen {
}
