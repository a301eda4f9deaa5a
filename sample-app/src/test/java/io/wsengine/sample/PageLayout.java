package io.wsengine.sample;

import java.util.Map;

/**
 * Where the chat's parts are on screen, read in one script call: the viewport, how far the document
 * could be scrolled, and the bounding rectangles (CSS pixels, relative to the viewport) of the message
 * list, its newest message, the message box and the send button.
 */
record PageLayout(double viewportWidth, double viewportHeight, double documentScrollY, double documentHeight,
                  double documentWidth, boolean listOverflows, Rect list, Rect newestMessage, Rect messageBox,
                  Rect sendButton) {

    /** Scrolls the document as far down as it goes first: a document that cannot scroll stays at 0. */
    static final String SCRIPT = """
            const root = document.scrollingElement;
            window.scrollTo(0, root.scrollHeight);
            const box = (el) => { const r = el.getBoundingClientRect();
                                  return { top: r.top, left: r.left, bottom: r.bottom, right: r.right }; };
            const list = document.getElementById('messages');
            const messages = list.querySelectorAll('li.message');
            return { viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
                     documentScrollY: window.scrollY, documentHeight: root.scrollHeight, documentWidth: root.scrollWidth,
                     listOverflows: list.scrollHeight > list.clientHeight,
                     list: box(list), newestMessage: box(messages[messages.length - 1]),
                     messageBox: box(document.getElementById('message-input')),
                     sendButton: box(document.getElementById('send-button')) };
            """;

    @SuppressWarnings("unchecked")
    static PageLayout from(Map<String, Object> m) {
        return new PageLayout(number(m, "viewportWidth"), number(m, "viewportHeight"), number(m, "documentScrollY"),
                number(m, "documentHeight"), number(m, "documentWidth"), (Boolean) m.get("listOverflows"),
                Rect.from((Map<String, Object>) m.get("list")), Rect.from((Map<String, Object>) m.get("newestMessage")),
                Rect.from((Map<String, Object>) m.get("messageBox")), Rect.from((Map<String, Object>) m.get("sendButton")));
    }

    Rect viewport() {
        return new Rect(0, 0, viewportHeight, viewportWidth);
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    /** A bounding rectangle. */
    record Rect(double top, double left, double bottom, double right) {
        /** Half a pixel of slack: rectangles have fractional edges, the viewport whole ones. */
        private static final double SLACK = 0.5;

        static Rect from(Map<String, Object> m) {
            return new Rect(number(m, "top"), number(m, "left"), number(m, "bottom"), number(m, "right"));
        }

        boolean isWithin(Rect outer) {
            return top >= outer.top - SLACK && left >= outer.left - SLACK
                    && bottom <= outer.bottom + SLACK && right <= outer.right + SLACK;
        }
    }
}
