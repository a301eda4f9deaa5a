package io.wsengine.spring.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ws.server.metrics.*}: what the Micrometer meters measure beyond their counts. */
@ConfigurationProperties(prefix = WsMetricsProperties.PREFIX)
public class WsMetricsProperties {
    /** The prefix of these properties. */
    public static final String PREFIX = "ws.server.metrics";

    /**
     * Whether calls of @OnTextMessage and @OnBinaryMessage methods are timed too (ws.server.endpoint.invocations).
     * Off by default: timing every message costs a large share of a small echo's CPU (two clock reads and a
     * timer update each), where the message counters cost little. Calls of @OnOpen, @OnClose and @OnError methods
     * are always timed.
     */
    private boolean timeMessages = false;

    /** Bound by Spring Boot from {@code ws.server.metrics.*}. */
    public WsMetricsProperties() {
    }

    /** {@return whether message calls are timed} */
    public boolean isTimeMessages() {
        return timeMessages;
    }

    /** @param timeMessages whether message calls are timed */
    public void setTimeMessages(boolean timeMessages) {
        this.timeMessages = timeMessages;
    }
}
