package io.wsengine.spring.support;

import java.lang.reflect.Type;

/** Turns text messages into objects and objects into text, for endpoint parameters and return values. */
public interface JsonCodec {

    /** @throws RuntimeException when the text is not valid for the type */
    Object decode(String text, Type type);

    String encode(Object value);
}
