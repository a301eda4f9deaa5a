package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method told when another method of the endpoint throws or a message cannot be decoded.
 * Parameters: {@link io.wsengine.WsSession}, a {@link Throwable} (or a subtype: then only failures
 * of that type reach it, the others take the default path), {@link io.wsengine.HandshakeRequest},
 * a {@link java.security.Principal} (as for {@link OnOpen}), {@link PathParam} values. When it returns normally the failure counts as handled and the session
 * stays open, and a return value is sent to the session as {@link OnTextMessage} describes; without
 * such a method, or when it throws, the session closes with {@code 1011} ({@code 1007} for a message
 * that could not be decoded, a {@link WsMessageDecodingException}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnError {
}
