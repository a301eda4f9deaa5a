package io.wsengine.spring.support;

import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonCodec} on the application's Jackson 3 mapper. */
public final class JacksonJsonCodec implements JsonCodec {
    private final JsonMapper mapper;

    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Object decode(String text, Type type) {
        return mapper.readValue(text, mapper.constructType(type));
    }

    @Override
    public String encode(Object value) {
        return mapper.writeValueAsString(value);
    }
}
