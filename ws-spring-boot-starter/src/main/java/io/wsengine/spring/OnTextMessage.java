package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that receives the endpoint's text messages. The message is passed as a
 * {@code String} parameter, or decoded from JSON into a parameter of any other type (with the
 * application's Jackson {@code JsonMapper}). Other parameters: {@link io.wsengine.WsSession},
 * {@link io.wsengine.HandshakeRequest}, a {@link java.security.Principal} (as for {@link OnOpen}),
 * {@link PathParam} values. A return value is sent back: a
 * {@code String} as text, {@code byte[]} or {@code ByteBuffer} as binary, a
 * {@code CompletionStage} once complete, anything else as JSON text.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnTextMessage {
}
