package io.wsengine.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsengine.WsSession;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The starter in a minimal Spring Boot application: {@code @WsEndpoint("/echo")} returns what it
 * receives, {@code @WsEndpoint("/broadcast")} hands each text message to {@link WsBroadcaster}, and a
 * session of {@code @WsEndpoint("/group/{name}")} joins the group {@code name} and publishes each text
 * message to it; {@code @WsEndpoint("/large")} echoes with a message limit of 16 MiB. No
 * web server ({@code spring.main.web-application-type=none}): Spring's own WebSocket support and
 * Tomcat, also on this module's class path, stay off.
 *
 * With {@code --bench.metrics=true} the application has a Micrometer {@code SimpleMeterRegistry} bean, so the
 * starter's meters and its listener are on ({@code starter-metrics}, to measure what they cost).
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.StarterEchoApp --port 9001 [--ws.server.dispatch=executor|event-loop] [--bench.metrics=true]</pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({StarterEchoApp.EchoEndpoint.class, StarterEchoApp.BroadcastEndpoint.class, StarterEchoApp.GroupEndpoint.class,
        StarterEchoApp.LargeEchoEndpoint.class})
public class StarterEchoApp {
    /** Defines a {@code SimpleMeterRegistry} bean: the starter's meters on ({@code starter-metrics}). */
    static final String METRICS = "bench.metrics";
    static final String USAGE = "StarterEchoApp --port N [--ws.server.dispatch=executor|event-loop] [--ws.server.*=...]"
            + " [--bench.metrics=true]"
            + " [--ws.cluster.redis.enabled=true --spring.data.redis.port=P]";

    /**
     * Spring Data Redis's auto-configuration, excluded unless the cluster bus is on: it is on this
     * module's class path for {@code starter-cluster-2}, and the single-node servers should run as they
     * did before it was (no Lettuce client, no connection factory).
     */
    static final String REDIS_OFF = String.join(",",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration");

    /** Adds {@link #REDIS_OFF} to a Boot app's defaults unless {@code ws.cluster.redis.enabled=true} is given. */
    static void redisOffUnlessCluster(ServerArgs a, Map<String, Object> defaults) {
        if (!"true".equals(a.option("ws.cluster.redis.enabled", "false"))) {
            defaults.put("spring.autoconfigure.exclude", REDIS_OFF);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        SpringApplication app = new SpringApplication(StarterEchoApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("ws.server.address", "127.0.0.1");
        defaults.put("ws.server.port", a.port);
        defaults.put("ws.server.backlog", 4096);
        defaults.put("spring.data.redis.repositories.enabled", false); // no repositories to scan for: a faster start
        redisOffUnlessCluster(a, defaults);
        app.setDefaultProperties(defaults);
        boolean metrics = "true".equals(a.option(METRICS, "false"));
        if (metrics) { // the starter's meters bind to any MeterRegistry bean; without one it adds no listener
            app.addInitializers(context -> ((GenericApplicationContext) context)
                    .registerBean(MeterRegistry.class, SimpleMeterRegistry::new));
        }
        app.run(a.springArgs());
        ServerArgs.ready("starter (dispatch " + a.option("ws.server.dispatch", "executor")
                + (metrics ? ", Micrometer SimpleMeterRegistry" : "")
                + ("true".equals(a.option("ws.cluster.redis.enabled", "false")) ? ", cluster node "
                + a.option("ws.cluster.node-id", "?") + " on Redis" : "") + ")", a.port,
                "/echo, /broadcast, /group/{name}, /large");
        new CountDownLatch(1).await(); // until SIGTERM: Spring's shutdown hook closes the context
    }

    /** Echoes text as text and binary as binary: the return value goes back to the session. */
    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String text(String text) {
            return text;
        }

        @OnBinaryMessage
        ByteBuffer binary(ByteBuffer data) {
            return data;
        }
    }

    /** The echo with a 16 MiB message limit, for workload F (a 4 MiB message in small fragments). */
    @WsEndpoint(value = "/large", maxMessageSize = EngineServers.LARGE_MESSAGE_LIMIT)
    static class LargeEchoEndpoint {
        @OnTextMessage
        String text(String text) {
            return text;
        }

        @OnBinaryMessage
        ByteBuffer binary(ByteBuffer data) {
            return data;
        }
    }

    /** Sends every text message to every session of this endpoint, encoded once. */
    @WsEndpoint("/broadcast")
    static class BroadcastEndpoint {
        private final WsBroadcaster broadcaster;

        BroadcastEndpoint(WsBroadcaster broadcaster) {
            this.broadcaster = broadcaster;
        }

        @OnTextMessage
        void text(String text) {
            broadcaster.broadcast("/broadcast", text);
        }
    }

    /** Joins the group of its path; publishes each text message to every member, the sender included. */
    @WsEndpoint("/group/{name}")
    static class GroupEndpoint {
        private final WsBroadcaster broadcaster;

        GroupEndpoint(WsBroadcaster broadcaster) {
            this.broadcaster = broadcaster;
        }

        @OnOpen
        void open(WsSession session, @PathParam("name") String name) {
            session.join(name);
        }

        @OnTextMessage
        void text(String text, @PathParam("name") String name) {
            broadcaster.publish(name, text);
        }
    }
}
