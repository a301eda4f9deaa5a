package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method called once when a session of the endpoint has closed. Parameters:
 * {@link io.wsengine.WsSession}, {@link io.wsengine.CloseStatus}, {@link io.wsengine.HandshakeRequest},
 * a {@link java.security.Principal} (as for {@link OnOpen}), {@link PathParam} values. It returns nothing: the session is closed already, and a method that is
 * not {@code void} fails start-up.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnClose {
}
