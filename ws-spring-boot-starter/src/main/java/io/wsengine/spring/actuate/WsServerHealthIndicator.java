package io.wsengine.spring.actuate;

import io.wsengine.LoopStatus;
import io.wsengine.WsServer;
import io.wsengine.spring.WsServerLifecycle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The WebSocket server's health, as {@code wsServer}:
 * <ul>
 * <li>UP while it runs, listens on its own port (with {@code ws.server.serve-on=web-port} it has none,
 * and running is enough), and every event loop is alive and ticks on time;</li>
 * <li>OUT_OF_SERVICE while a loop's lag is over {@code ws.server.health.max-loop-lag}: the loop lives
 * but holds up its sessions, such as while a handler blocks it, and may recover;</li>
 * <li>DOWN when the server is not running, or a loop's thread has ended or has not ticked for
 * {@link LoopStatus#STALLED_AFTER}.</li>
 * </ul>
 * Its details are the port, and each loop's lag, recent maximum lag (milliseconds) and liveness.
 */
public class WsServerHealthIndicator extends AbstractHealthIndicator {
    private final WsServerLifecycle lifecycle;
    private final Duration maxLoopLag;

    /**
     * @param lifecycle  gives the running server
     * @param maxLoopLag the lag over which the health is OUT_OF_SERVICE
     */
    public WsServerHealthIndicator(WsServerLifecycle lifecycle, Duration maxLoopLag) {
        super("the WebSocket server's health could not be read");
        this.lifecycle = lifecycle;
        this.maxLoopLag = maxLoopLag;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        WsServer server = lifecycle.server();
        if (server == null || !server.isRunning()) {
            builder.down().withDetail("running", false);
            return;
        }
        boolean listening = !server.config().listening() || server.port() > 0;
        List<LoopStatus> loops = server.loopStatuses();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allAlive = !loops.isEmpty();
        boolean late = false;
        for (LoopStatus loop : loops) {
            allAlive &= loop.alive();
            late |= loop.lag().compareTo(maxLoopLag) > 0;
            details.put(loop.name(), Map.of("alive", loop.alive(), "lagMillis", loop.lag().toMillis(),
                    "recentMaxLagMillis", loop.recentMaxLag().toMillis()));
        }
        builder.status(!listening || !allAlive ? Status.DOWN : late ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("running", true);
        if (server.config().listening()) {
            builder.withDetail("port", server.port());
        }
        builder.withDetail("maxLoopLagMillis", maxLoopLag.toMillis()).withDetail("loops", details);
    }
}
