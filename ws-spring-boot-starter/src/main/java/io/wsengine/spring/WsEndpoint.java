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
 * {@link OnError}, each at most once. The calls of one session never overlap and come in the order
 * of its messages; they run where {@code ws.server.dispatch} says (the application's executor by
 * default). A session that sends text to an endpoint without an {@link OnTextMessage} method, or
 * binary without an {@link OnBinaryMessage} method, is closed with {@code 1003}. A wrong definition
 * (no path, a path another endpoint matches, an unsupported parameter, two methods of one kind) fails
 * start-up with a {@link WsEndpointDefinitionException} naming the class and method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WsEndpoint {

    /**
     * The path template: literal segments and whole-segment variables, such as {@code /chat/{room}}
     * (the syntax of {@link io.wsengine.WsRoute}).
     *
     * @return the path template; required, here or as {@link #path()}
     */
    @AliasFor("path")
    String value() default "";

    /**
     * Alias of {@link #value()}.
     *
     * @return the path template
     */
    @AliasFor("value")
    String path() default "";

    /**
     * Subprotocols this endpoint speaks, preferred first: the first that the client also offers is
     * chosen.
     *
     * @return subprotocol names, none by default; a blank one, or one with a comma or a space, fails
     *         start-up
     */
    String[] subprotocols() default {};

    /**
     * Largest message this endpoint accepts, in bytes, overriding {@code ws.server.max-message-size};
     * -1 (the default) keeps the server's.
     *
     * @return 1 to {@link io.wsengine.WsServerConfig#MAX_ARRAY_SIZE} bytes, or -1; another value fails
     *         start-up
     */
    long maxMessageSize() default -1;

    /**
     * What a send past the outbound buffer limit does on this endpoint, overriding
     * {@code ws.server.overflow-policy}; {@link Overflow#SERVER} (the default) keeps the server's.
     *
     * @return the endpoint's policy, or {@link Overflow#SERVER}
     */
    Overflow overflowPolicy() default Overflow.SERVER;

    /**
     * How often this endpoint's sessions are pinged, overriding {@code ws.server.ping-interval}: a
     * duration such as {@code "45s"} or {@code "PT45S"}, {@code "0"} for no pings; empty (the default)
     * keeps the server's.
     *
     * @return the interval, or empty; a value that is not a duration, or a negative one, fails start-up
     */
    String pingInterval() default "";

    /**
     * How long a pong may take after a ping before this endpoint's session is released as dead
     * ({@code 1006}), overriding {@code ws.server.pong-timeout}: a duration such as {@code "20s"},
     * {@code "0"} to wait without a bound; empty (the default) keeps the server's.
     *
     * @return the timeout, or empty; a value that is not a duration, or a negative one, fails start-up
     */
    String pongTimeout() default "";

    /**
     * Whether this endpoint's sessions may be compressed when {@code ws.server.compression.enabled}
     * is on; true by default. Set it to false for an endpoint whose messages put secrets (tokens,
     * personal data) beside text an attacker can choose: over TLS, compressed sizes can reveal such
     * secrets (the CRIME and BREACH attacks).
     *
     * @return false to keep every session of this endpoint uncompressed
     */
    boolean compression() default true;

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

        /** {@return the engine's policy of the same name, or null for {@link #SERVER}} */
        public io.wsengine.OverflowPolicy policy() {
            return this == SERVER ? null : io.wsengine.OverflowPolicy.valueOf(name());
        }
    }
}
