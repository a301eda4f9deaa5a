package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Makes a bean a WebSocket endpoint served by the wsengine server at a path template such as
 * {@code /chat/{room}}. It is a {@link Component}, so component scanning finds it. Its methods are
 * marked {@link OnOpen}, {@link OnTextMessage}, {@link OnBinaryMessage}, {@link OnClose} and
 * {@link OnError}, each at most once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WsEndpoint {

    /** The path template: literal segments and whole-segment variables, such as {@code /chat/{room}}. */
    @AliasFor("path")
    String value() default "";

    /** Alias of {@link #value()}. */
    @AliasFor("value")
    String path() default "";

    /** Subprotocols this endpoint speaks, preferred first. */
    String[] subprotocols() default {};

    /**
     * Largest message this endpoint accepts, in bytes, overriding {@code ws.server.max-message-size};
     * -1 (the default) keeps the server's.
     */
    long maxMessageSize() default -1;
}
