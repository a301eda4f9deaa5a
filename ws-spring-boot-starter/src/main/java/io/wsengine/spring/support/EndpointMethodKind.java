package io.wsengine.spring.support;

import java.util.Locale;

/** Which annotated method of an endpoint a call is for, as an {@link EndpointCallScope} is told. */
public enum EndpointMethodKind {
    /** {@code @OnOpen} */
    OPEN,
    /** {@code @OnTextMessage} */
    TEXT,
    /** {@code @OnBinaryMessage} */
    BINARY,
    /** {@code @OnClose} */
    CLOSE,
    /** {@code @OnError} */
    ERROR;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** {@return the kind in lower case ({@code open}, {@code text}, ...), as metrics and traces tag it} */
    public String tagValue() {
        return tagValue;
    }
}
