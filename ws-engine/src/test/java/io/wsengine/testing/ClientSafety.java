package io.wsengine.testing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the server sends a client (a close reason, an error message, a refusal's body) must not show
 * its internals: no Java class names, method signatures, stack frames or parser details. The test
 * clients check everything of that kind that they receive, so every integration test scans it.
 */
public final class ClientSafety {
    private static final List<Pattern> INTERNALS = List.of(
            // a qualified class name: java.lang.String, io.wsengine.spring.X
            Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*"),
            // an exception or error type: IllegalStateException, StackOverflowError
            Pattern.compile("\\b[A-Z][A-Za-z0-9_]*(Exception|Error)\\b"),
            // a stack frame
            Pattern.compile("\\bat [\\w.$]+\\([^)]*\\)"),
            // a method signature: NotesEndpoint.note(Note, WsSession, String)
            Pattern.compile("\\b[A-Z]\\w*\\.\\w+\\(([A-Z]\\w*(<[^>]*>)?(\\[\\])?(, ?)?)*\\)"),
            // a JSON parser's detail: "Unexpected character ('n' (code 110))", "line: 1, column: 2"
            Pattern.compile("\\(code \\d+\\)|line: \\d+, column: \\d+|Unrecognized (token|field)"));

    private ClientSafety() {
    }

    /**
     * Fails if the text shows server internals.
     *
     * @param what what the text is, for the failure message ("close reason", "400 body", ...)
     */
    public static void check(String what, String text) {
        if (text == null) {
            return;
        }
        for (Pattern internal : INTERNALS) {
            if (internal.matcher(text).find()) {
                throw new AssertionError("the server showed a client its internals in a " + what + ": " + text);
            }
        }
    }
}
