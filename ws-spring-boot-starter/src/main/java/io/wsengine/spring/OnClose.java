package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method called once when a session of the endpoint has closed. Parameters:
 * {@link io.wsengine.WsSession}, {@link io.wsengine.CloseStatus}, {@link PathParam} values. It returns
 * nothing.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnClose {
}
