package io.wsengine.spring.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ws.server.observations.*}: which upgrade requests and endpoint method calls are observed. */
@ConfigurationProperties(prefix = WsObservationProperties.PREFIX)
public class WsObservationProperties {
    /** The prefix of these properties. */
    public static final String PREFIX = "ws.server.observations";

    /**
     * Whether calls of @OnTextMessage and @OnBinaryMessage methods are observed too (one observation,
     * and with a tracer one span, per message). Calls of @OnOpen, @OnClose and @OnError methods are
     * always observed when there is an ObservationRegistry.
     */
    private boolean messages = false;

    /**
     * Whether upgrade requests that reach the interceptors are observed (ws.server.handshake, with the
     * endpoint's template and the response's status).
     */
    private boolean handshakes = true;

    /** Bound by Spring Boot from {@code ws.server.observations.*}. */
    public WsObservationProperties() {
    }

    /** {@return whether message calls are observed} */
    public boolean isMessages() {
        return messages;
    }

    /** @param messages whether message calls are observed */
    public void setMessages(boolean messages) {
        this.messages = messages;
    }

    /** {@return whether upgrade requests are observed} */
    public boolean isHandshakes() {
        return handshakes;
    }

    /** @param handshakes whether upgrade requests are observed */
    public void setHandshakes(boolean handshakes) {
        this.handshakes = handshakes;
    }
}
