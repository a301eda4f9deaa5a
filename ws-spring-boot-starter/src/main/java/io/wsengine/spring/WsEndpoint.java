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

    /**
     * What a send past the outbound buffer limit does on this endpoint, overriding
     * {@code ws.server.overflow-policy}; {@link Overflow#SERVER} (the default) keeps the server's.
     */
    Overflow overflowPolicy() default Overflow.SERVER;

    /** The {@link io.wsengine.OverflowPolicy} of an endpoint, or the server's. */
    enum Overflow {
        /** The server's policy, {@code ws.server.overflow-policy}. */
        SERVER,
        /** The send fails and the session closes {@code 1008}. */
        CLOSE,
        /** The new message is dropped and counted; the session stays open. */
        DROP,
        /** Reading from the client pauses until its unwritten bytes drain to half the limit. */
        PAUSE_READING;

        /** The engine's policy, or null for the server's. */
        public io.wsengine.OverflowPolicy policy() {
            return this == SERVER ? null : io.wsengine.OverflowPolicy.valueOf(name());
        }
    }
}
