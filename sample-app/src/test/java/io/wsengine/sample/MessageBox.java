package io.wsengine.sample;

import java.util.Map;

/**
 * What the message box and the lines under it show, read in one script call.
 *
 * @param length  what the box holds, in UTF-16 units (as the browser counts a maxlength)
 * @param counter the counter's text, or null while it is hidden
 * @param tooLong the explanation of a message too long to send, or null while it is hidden
 */
record MessageBox(int length, String counter, String tooLong, boolean sendEnabled, boolean markedInvalid) {
    static final String SCRIPT = """
            const shown = (id) => { const el = document.getElementById(id);
                                    return el.offsetParent === null ? null : el.textContent; };
            const input = document.getElementById('message-input');
            return { length: input.value.length, counter: shown('message-counter'), tooLong: shown('message-too-long'),
                     sendEnabled: !document.getElementById('send-button').disabled,
                     markedInvalid: input.getAttribute('aria-invalid') === 'true' };
            """;

    static MessageBox from(Map<String, Object> m) {
        return new MessageBox(((Number) m.get("length")).intValue(), (String) m.get("counter"), (String) m.get("tooLong"),
                (Boolean) m.get("sendEnabled"), (Boolean) m.get("markedInvalid"));
    }
}
