package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/** What a text meant for a chat client must not carry: our internals, or a parser's. */
final class ClientSafeText {
    /** A qualified Java name ({@code java.lang.String}, {@code io.wsengine.sample.ChatProtocol$ClientMessage}). */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]");
    /**
     * A stack frame, a method signature, our types, or a parser's words ("Unexpected end-of-input ...
     * at [Source: REDACTED ...; byte offset: #UNKNOWN] (through reference chain: ...)").
     */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\w\\(\\w*\\)|\\.java:\\d|ChatProtocol|ClientMessage|ChatEndpoint"
                    + "|Jackson|\\[Source|byte offset|line: \\d|column: \\d|reference chain|StreamReadFeature"
                    + "|deserializ|token|end-of-input", Pattern.CASE_INSENSITIVE);

    private ClientSafeText() {
    }

    static void assertSafe(String text) {
        assertThat(text).as("text for a client").doesNotContainPattern(QUALIFIED_NAME).doesNotContainPattern(INTERNALS);
    }
}
