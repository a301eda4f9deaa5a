package io.wsengine.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check that the test clients run on what a server sends: it must catch internals, and pass plain words. */
class ClientSafetyTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "NotesEndpoint.note(Note, WsSession, String) could not decode a text message into Note",
            "java.lang.IllegalStateException: boom",
            "failed: IllegalArgumentException",
            "at io.wsengine.internal.server.Connection.read(Connection.java:180)",
            "Unexpected character ('n' (code 110)): expected a value",
            "at [Source: REDACTED; line: 1, column: 2]",
            "Unrecognized field \"x\"",
            "tools.jackson.core.exc.StreamReadException"})
    void catchesInternals(String text) {
        assertThatThrownBy(() -> ClientSafety.check("close reason", text)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("close reason");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "message could not be decoded", "invalid UTF-8 in text message", "message over the limit of 1048576 bytes",
            "no WebSocket endpoint at /chat/x.y", "path variable {id}: 'abc' is not a whole number",
            "Going away. Server shutting down (v1.2)", "outbound buffer full", ""})
    void passesPlainWords(String text) {
        assertThatCode(() -> ClientSafety.check("close reason", text)).doesNotThrowAnyException();
    }
}
