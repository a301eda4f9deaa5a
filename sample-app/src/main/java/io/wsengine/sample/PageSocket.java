package io.wsengine.sample;

import io.wsengine.spring.WsServerProperties.ServeOn;
import java.util.Locale;

/**
 * Which port the page opens its WebSocket on ({@code chat.page-socket}). The engine must serve that
 * port ({@code ws.server.serve-on}), or every page would keep reconnecting without a word of why: a
 * mismatch fails start-up instead.
 */
public enum PageSocket {
    /** The web app's own port, the page's origin: one port for the page and the chat (the default). */
    WEB_PORT,
    /** The engine's own port ({@code ws.server.port}, or {@code chat.public-ws-port} behind a proxy). */
    ENGINE_PORT;

    /** @throws IllegalStateException when {@code ws.server.serve-on} leaves this port without the chat */
    void requireServedBy(ServeOn serveOn) {
        boolean served = switch (this) {
            case WEB_PORT -> serveOn != ServeOn.OWN_PORT;
            case ENGINE_PORT -> serveOn != ServeOn.WEB_PORT;
        };
        if (!served) {
            throw new IllegalStateException("chat.page-socket=" + propertyValue(this) + " needs the chat on that"
                    + " port, but ws.server.serve-on=" + propertyValue(serveOn) + " does not serve it: set"
                    + " ws.server.serve-on=both, or chat.page-socket to the port that is served");
        }
    }

    /** As it is written in a properties file. */
    private static String propertyValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
