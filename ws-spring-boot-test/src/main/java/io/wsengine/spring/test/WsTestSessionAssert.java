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

    /** The next message is this text. */
    public WsTestSessionAssert receivesText(String expected) {
        isNotNull();
        String text = actual.awaitText();
        if (!text.equals(expected)) {
            failWithMessage("expected the next text message from %s to be%n  %s%nbut it was%n  %s", actual.uri(), expected, text);
        }
        return this;
    }

    /** The next message is text that satisfies these assertions. */
    public WsTestSessionAssert receivesTextThat(Consumer<String> requirements) {
        isNotNull();
        requirements.accept(actual.awaitText());
        return this;
    }

    /** The next message is JSON of this type that satisfies these assertions. */
    public <T> WsTestSessionAssert receivesJson(Class<T> type, Consumer<? super T> requirements) {
        isNotNull();
        requirements.accept(actual.awaitJson(type));
        return this;
    }

    /** The next message is binary, these bytes. */
    public WsTestSessionAssert receivesBinary(byte[] expected) {
        isNotNull();
        byte[] data = actual.awaitBinary();
        if (!Arrays.equals(data, expected)) {
            failWithMessage("expected the next binary message from %s to be %d bytes %s but it was %d bytes %s",
                    actual.uri(), expected.length, abbreviate(expected), data.length, abbreviate(data));
        }
        return this;
    }

    /** The server closes the session with this code. */
    public WsTestSessionAssert closesWith(int code) {
        isNotNull();
        CloseStatus status = actual.awaitClose();
        if (status.code() != code) {
            failWithMessage("expected %s to close with %d but it closed with %s", actual.uri(), code, status);
        }
        return this;
    }

    /** Nothing received is left unawaited. */
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
