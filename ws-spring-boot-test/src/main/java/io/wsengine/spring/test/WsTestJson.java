package io.wsengine.spring.test;

/** How a {@link WsTestSession} writes and reads JSON: the application's Jackson mapper, unless a bean replaces it. */
public interface WsTestJson {
    String write(Object value);

    <T> T read(String json, Class<T> type);
}
