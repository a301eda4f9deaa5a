package io.wsengine.spring.actuate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wsServer} health contributor's settings, {@code ws.server.health.*}.
 */
@ConfigurationProperties(prefix = WsServerHealthProperties.PREFIX)
public class WsServerHealthProperties {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server.health";

    /**
     * How late an event loop's 100 ms timer tick may run before the server's health is
     * OUT_OF_SERVICE: a loop that late holds up every session it owns, as a handler that blocks on
     * the event loop does.
     */
    private Duration maxLoopLag = Duration.ofSeconds(1);

    /** {@return the lag above which the health is OUT_OF_SERVICE ({@code ws.server.health.max-loop-lag}); default 1 s} */
    public Duration getMaxLoopLag() {
        return maxLoopLag;
    }

    /**
     * Sets {@code ws.server.health.max-loop-lag}.
     *
     * @param maxLoopLag positive
     * @throws IllegalArgumentException if zero or negative
     */
    public void setMaxLoopLag(Duration maxLoopLag) {
        if (maxLoopLag == null || maxLoopLag.isZero() || maxLoopLag.isNegative()) {
            throw new IllegalArgumentException("ws.server.health.max-loop-lag must be positive");
        }
        this.maxLoopLag = maxLoopLag;
    }
}
