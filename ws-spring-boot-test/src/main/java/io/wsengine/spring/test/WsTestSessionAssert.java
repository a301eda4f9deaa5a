package io.wsengine.spring.test;

import io.wsengine.CloseStatus;
import java.util.Arrays;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what a {@link WsTestSession} receives next; each awaits, bounded by the
 * session's timeout: {@code assertThat(session).receivesText("hello").receivesJson(Reply.class, r -> ...)}.
 */
public final class WsTestSessionAssert extends AbstractAssert<WsTestSessionAssert, WsTestSession> {

    WsTestSessionAssert(WsTestSession actual) {
        super(actual, WsTestSessionAssert.class);
    }

    /**
     * Asserts that the next message is this text.
     *
     * @param expected the exact text
     * @return this assertion
     * @throws AssertionError if the next message is other text or binary, or does not come in time
     */
    public WsTestSessionAssert receivesText(String expected) {
        isNotNull();
        String text = actual.awaitText();
        if (!text.equals(expected)) {
            failWithMessage("expected the next text message from %s to be%n  %s%nbut it was%n  %s", actual.uri(), expected, text);
        }
        return this;
    }

    /**
     * Asserts that the next message is text that satisfies these assertions.
     *
     * @param requirements assertions on the text, such as {@code t -> assertThat(t).startsWith("ok")}
     * @return this assertion
     * @throws AssertionError if the next message is binary or does not come in time, or as the
     *                        requirements throw
     */
    public WsTestSessionAssert receivesTextThat(Consumer<String> requirements) {
        isNotNull();
        requirements.accept(actual.awaitText());
        return this;
    }

    /**
     * Asserts that the next message is JSON of this type that satisfies these assertions.
     *
     * @param <T>          the type to read
     * @param type         the class to read the text into, with the application's mapper
     * @param requirements assertions on the value read
     * @return this assertion
     * @throws AssertionError if the next message is not JSON of the type or does not come in time, or
     *                        as the requirements throw
     */
    public <T> WsTestSessionAssert receivesJson(Class<T> type, Consumer<? super T> requirements) {
        isNotNull();
        requirements.accept(actual.awaitJson(type));
        return this;
    }

    /**
     * Asserts that the next message is binary, these bytes.
     *
     * @param expected the exact bytes
     * @return this assertion
     * @throws AssertionError if the next message has other bytes or is text, or does not come in time
     */
    public WsTestSessionAssert receivesBinary(byte[] expected) {
        isNotNull();
        byte[] data = actual.awaitBinary();
        if (!Arrays.equals(data, expected)) {
            failWithMessage("expected the next binary message from %s to be %d bytes %s but it was %d bytes %s",
                    actual.uri(), expected.length, abbreviate(expected), data.length, abbreviate(data));
        }
        return this;
    }

    /**
     * Asserts that the server closes the session with this code, whatever messages are still pending.
     *
     * @param code the expected close code, such as {@code 1008}
     * @return this assertion
     * @throws AssertionError if the server closes with another code, or does not close in time
     */
    public WsTestSessionAssert closesWith(int code) {
        isNotNull();
        CloseStatus status = actual.awaitClose();
        if (status.code() != code) {
            failWithMessage("expected %s to close with %d but it closed with %s", actual.uri(), code, status);
        }
        return this;
    }

    /**
     * Asserts that nothing received is left unawaited. It does not wait: a message still on its way
     * is not seen.
     *
     * @return this assertion
     * @throws AssertionError if messages are pending
     */
    public WsTestSessionAssert hasNoPendingMessages() {
        isNotNull();
        if (actual.pendingMessages() != 0) {
            failWithMessage("expected no message waiting from %s but %d are", actual.uri(), actual.pendingMessages());
        }
        return this;
    }

    private static String abbreviate(byte[] data) {
        return Arrays.toString(Arrays.copyOf(data, Math.min(16, data.length))) + (data.length > 16 ? "..." : "");
    }
}
