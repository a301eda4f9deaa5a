package io.wsengine.spring.cluster;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.cluster.redis.RedisClusterBus;
import io.wsengine.spring.testing.RedisServer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Application nodes that share one Redis, each its own context in this JVM. */
final class ClusterNodes implements AutoCloseable {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({RoomEndpoint.class, LiveRoomEndpoint.class, UserHeaderInterceptor.class})
    static class App {
    }

    /** Joins the room's group, and says so: a client that has read "joined" is a member. */
    @WsEndpoint("/room/{name}")
    static class RoomEndpoint {
        @OnOpen
        String open(WsSession session, @PathParam("name") String room) {
            session.join("room:" + room);
            return "joined";
        }
    }

    /**
     * Joins a recovery group ({@code live:*} in the tests' properties), replaying from {@code ?lastId=},
     * and says how it went once the replay is sent: "resumed REPLAYED GAP".
     */
    @WsEndpoint("/live/{name}")
    static class LiveRoomEndpoint {
        private final ObjectProvider<WsRecovery> recovery;

        LiveRoomEndpoint(ObjectProvider<WsRecovery> recovery) {
            this.recovery = recovery;
        }

        @OnOpen
        void open(WsSession session, @PathParam("name") String room) {
            recovery.getObject().join(session, "live:" + room)
                    .thenAccept(resume -> session.sendText("resumed " + resume.replayed() + " " + resume.gap()));
        }
    }

    /** {@code X-User: ada} names the session's user. */
    static class UserHeaderInterceptor implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            String user = request.header("X-User");
            if (user == null) {
                return HandshakeResult.accept();
            }
            Principal principal = () -> user;
            return HandshakeResult.accept().withPrincipal(principal);
        }
    }

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    ConfigurableApplicationContext start(RedisServer redis, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("ws.server.port=0", "ws.server.security.enabled=false",
                "ws.cluster.redis.enabled=true", "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redis.port(), "spring.main.web-application-type=none",
                "spring.main.banner-mode=off"));
        properties.addAll(List.of(extraProperties));
        ConfigurableApplicationContext node = new SpringApplicationBuilder(App.class)
                .properties(properties.toArray(String[]::new)).run();
        nodes.add(node);
        return node;
    }

    static int port(ConfigurableApplicationContext node) {
        return node.getBean(WsServerLifecycle.class).server().port();
    }

    static WsBroadcaster broadcaster(ConfigurableApplicationContext node) {
        return node.getBean(WsBroadcaster.class);
    }

    static RedisClusterBus bus(ConfigurableApplicationContext node) {
        return node.getBean(RedisClusterBus.class);
    }

    @Override
    public void close() {
        nodes.forEach(ConfigurableApplicationContext::close);
        nodes.clear();
    }
}
