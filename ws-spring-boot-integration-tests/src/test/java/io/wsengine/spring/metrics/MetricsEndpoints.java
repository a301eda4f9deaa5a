package io.wsengine.spring.metrics;

import io.wsengine.WsSession;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The endpoints the metrics tests talk to. */
@Configuration(proxyBeanMethods = false)
@Import({MetricsEndpoints.Chat.class, MetricsEndpoints.Paused.class})
class MetricsEndpoints {

    /** Echoes text; "fail" makes it throw (the session then closes 1011). */
    @WsEndpoint("/chat/{room}")
    static class Chat {
        @OnOpen
        void open(WsSession session) {
        }

        @OnTextMessage
        String text(String text) {
            if ("fail".equals(text)) {
                throw new IllegalStateException("asked to fail");
            }
            return text;
        }

        @OnClose
        void close(WsSession session) {
        }
    }

    /** Stops reading from each session as it opens. */
    @WsEndpoint("/paused")
    static class Paused {
        @OnOpen
        void open(WsSession session) {
            session.pauseReading();
        }

        @OnTextMessage
        void text(String text) {
        }
    }
}
