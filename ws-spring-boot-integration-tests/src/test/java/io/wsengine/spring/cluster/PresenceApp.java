package io.wsengine.spring.cluster;

import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.RedisServer;
import io.wsengine.spring.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * An application node for the presence tests: {@code /presence/{group}/{name}} enters the group under
 * the name and says "entered"; the text "leave" leaves it and says "left". Its {@link #main} runs a node
 * in a JVM of its own, for a test to kill.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PresenceApp.PresenceEndpoint.class)
class PresenceApp {

    @WsEndpoint("/presence/{group}/{name}")
    static class PresenceEndpoint {
        private final WsPresence presence;

        PresenceEndpoint(WsPresence presence) {
            this.presence = presence;
        }

        @OnOpen
        String open(WsSession session, @PathParam("group") String group, @PathParam("name") String name) {
            presence.enter(session, group, name);
            return "entered";
        }

        @OnTextMessage
        String text(String text, WsSession session, @PathParam("group") String group) {
            return text.equals("leave") && presence.leave(session, group) ? "left" : "?";
        }
    }

    static List<String> properties(RedisServer redis, boolean cluster, String... extra) {
        return properties(redis == null ? 0 : redis.port(), cluster, extra);
    }

    private static List<String> properties(int redisPort, boolean cluster, String... extra) {
        List<String> properties = new ArrayList<>(List.of("ws.server.port=0", "ws.server.security.enabled=false",
                "ws.cluster.redis.enabled=" + cluster, "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redisPort, "spring.main.web-application-type=none",
                "spring.main.banner-mode=off"));
        properties.addAll(List.of(extra));
        return properties;
    }

    static ConfigurableApplicationContext start(List<String> properties) {
        return new SpringApplicationBuilder(PresenceApp.class).properties(properties.toArray(String[]::new)).run();
    }

    static int port(ConfigurableApplicationContext node) {
        return node.getBean(WsServerLifecycle.class).server().port();
    }

    /**
     * A node in a JVM of its own, with one session present in each group: {@code <redis port> <name>
     * <groups, comma-separated> <extra property>...}. Prints "present" once they have entered, then runs
     * until its standard input ends (so that it does not outlive a test run that died) or it is killed.
     */
    public static void main(String[] args) throws Exception {
        List<String> extra = List.of(args).subList(3, args.length);
        ConfigurableApplicationContext node = start(properties(Integer.parseInt(args[0]), true,
                extra.toArray(String[]::new)));
        List<TestClient> clients = new ArrayList<>();
        for (String group : args[2].split(",")) {
            TestClient client = TestClient.connect(port(node), "/presence/" + group + "/" + args[1]);
            clients.add(client);
            if (!"entered".equals(client.nextText())) {
                throw new IllegalStateException("the session did not enter " + group);
            }
        }
        System.out.println("present");
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing to do: the node runs until killed
        }
        clients.forEach(TestClient::close);
        node.close();
    }
}
