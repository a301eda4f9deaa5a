package io.wsengine.spring.testing;

import io.wsengine.spring.support.JacksonJsonCodec;
import io.wsengine.spring.support.JsonCodec;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/** The application's JSON, counting the objects it encodes: a broadcast must encode once. */
public class CountingJsonCodec implements JsonCodec {
    private final AtomicInteger encoded = new AtomicInteger();
    private final JsonCodec delegate = new JacksonJsonCodec(JsonMapper.builder().build());

    @Override
    public Object decode(String text, Type type) {
        return delegate.decode(text, type);
    }

    @Override
    public String encode(Object value) {
        encoded.incrementAndGet();
        return delegate.encode(value);
    }

    /** {@return the objects encoded so far} */
    public int encoded() {
        return encoded.get();
    }
}
