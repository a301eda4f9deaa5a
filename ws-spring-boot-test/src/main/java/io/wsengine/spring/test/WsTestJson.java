package io.wsengine.spring.test;

/** How a {@link WsTestSession} writes and reads JSON: the application's Jackson mapper, unless a bean replaces it. */
public interface WsTestJson {
    /**
     * Writes a value as JSON text, for {@link WsTestSession#sendJson(Object)}.
     *
     * @param value the value to write
     * @return the JSON text
     */
    String write(Object value);

    /**
     * Reads JSON text into a value, for {@link WsTestSession#awaitJson(Class)}.
     *
     * @param <T>  the value's type
     * @param json the text of a message
     * @param type the class to read into
     * @return the value
     * @throws RuntimeException when the text is not JSON of that type (the session turns it into an
     *                          {@link AssertionError})
     */
    <T> T read(String json, Class<T> type);
}
