package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that receives the endpoint's binary messages, as a {@code byte[]} or
 * {@code ByteBuffer} parameter. Other parameters and return values as for {@link OnTextMessage}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnBinaryMessage {
}
