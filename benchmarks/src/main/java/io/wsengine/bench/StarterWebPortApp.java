package io.wsengine.bench;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The starter's endpoints of {@link StarterEchoApp} ({@code /echo}, {@code /broadcast},
 * {@code /group/{name}}, {@code /large}) served on the web server's port: a Spring MVC application on
 * embedded Tomcat with {@code ws.server.serve-on=web-port}. The starter's {@code WsUpgradeFilter}
 * takes the upgrade requests on {@code server.port} and the engine runs each session over the
 * upgraded servlet connection; the engine listens on no port of its own. Tomcat is configured as for
 * {@link TomcatEchoApp} (the same address, {@code max-connections} and {@code accept-count}), so the
 * two differ only in what runs the WebSocket sessions.
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.StarterWebPortApp --port 9001 [--ws.server.dispatch=executor|event-loop] [--server.*=...]</pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({StarterEchoApp.EchoEndpoint.class, StarterEchoApp.BroadcastEndpoint.class, StarterEchoApp.GroupEndpoint.class,
        StarterEchoApp.LargeEchoEndpoint.class})
public class StarterWebPortApp {
    static final String USAGE = "StarterWebPortApp --port N [--bench.container=tomcat|jetty]"
            + " [--ws.server.dispatch=executor|event-loop] [--ws.server.*=...] [--server.*=...]";

    /**
     * Tomcat by default, Jetty with {@code --bench.container=jetty}: both are on this module's class
     * path, so the factory is named.
     *
     * @param container {@code bench.container}
     * @return the servlet container's factory
     */
    @Bean
    ServletWebServerFactory webServerFactory(@Value("${bench.container:tomcat}") String container) {
        return switch (container) {
            case "tomcat" -> new TomcatServletWebServerFactory();
            case "jetty" -> new JettyServletWebServerFactory();
            default -> throw new IllegalArgumentException("bench.container is tomcat or jetty, not " + container);
        };
    }

    public static void main(String[] args) {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        SpringApplication app = new SpringApplication(StarterWebPortApp.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        Map<String, Object> defaults = TomcatEchoApp.tomcatDefaults(a.port);
        defaults.put("ws.server.serve-on", "web-port");
        app.setDefaultProperties(defaults);
        app.run(a.springArgs());
        String container = a.option("bench.container", "tomcat").equals("jetty") ? "Jetty" : "Tomcat";
        ServerArgs.ready("starter on " + container + "'s port (serve-on web-port, dispatch "
                + a.option("ws.server.dispatch", "executor") + ")", a.port, "/echo, /broadcast, /group/{name}, /large");
        // Tomcat's non-daemon threads keep the JVM up until SIGTERM; Spring's shutdown hook closes the context.
    }
}
