package io.wsengine.spring.test;

import io.wsengine.spring.LocalWsServerPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Connects test sessions to the application's WebSocket server, on the JDK's
 * {@code java.net.http.WebSocket}. Added by {@link AutoConfigureWsTestClient}; by default it connects
 * to {@code ws://127.0.0.1:<local.ws.server.port>}, the engine's own port as the running server chose it.
 */
public final class WsTestClient {
    /** How long a session awaits a message or the close unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Environment environment;
    private final WsTestJson json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();

    WsTestClient(Environment environment, WsTestJson json) {
        this.environment = environment;
        this.json = json;
    }

    /**
     * A client for an application the test started itself (with {@code SpringApplication.run}, say),
     * using its port and its JSON mapper, as the auto-configured bean does.
     *
     * @param context the running application
     * @return a client that connects to that application's WebSocket server
     */
    public static WsTestClient forApplication(ApplicationContext context) {
        return new WsTestClient(context.getEnvironment(), context.getBeanProvider(WsTestJson.class).getIfAvailable(
                () -> WsTestClientAutoConfiguration.jackson(context)));
    }

    /**
     * Opens a session on the engine's port at this path, with the default options.
     *
     * @param path the path, starting with {@code /}, already URI-encoded, with any query, such as
     *             {@code /chat/lobby?user=ann}
     * @return the open session; close it when done
     * @throws AssertionError           if the handshake fails or does not finish within
     *                                  {@link #DEFAULT_TIMEOUT}, naming the URI
     * @throws IllegalArgumentException if the path does not start with {@code /} or is not a valid URI
     * @throws IllegalStateException    if the application's WebSocket server has not started
     */
    public WsTestSession connect(String path) {
        return connect(path, options -> { });
    }

    /**
     * Opens a session with options: {@code ws.connect("/chat/lobby", o -> o.subprotocols("v2").header("Cookie", c))}.
     *
     * @param path      the path, starting with {@code /}, already URI-encoded, with any query
     * @param configure sets the options, on a fresh {@link Options} for this call
     * @return the open session; close it when done
     * @throws AssertionError           if the handshake fails (the JDK's client refusing a header or a
     *                                  subprotocol included) or does not finish within the timeout,
     *                                  naming the URI
     * @throws IllegalArgumentException if the path does not start with {@code /} or is not a valid URI
     * @throws IllegalStateException    if no port is set and the application's WebSocket server has
     *                                  not started
     */
    public WsTestSession connect(String path, Consumer<Options> configure) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        Options options = new Options();
        configure.accept(options);
        URI uri = URI.create("ws://127.0.0.1:" + options.port(this) + path);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(options.timeout);
        options.headers.forEach(builder::header);
        if (!options.subprotocols.isEmpty()) {
            builder.subprotocols(options.subprotocols.get(0),
                    options.subprotocols.subList(1, options.subprotocols.size()).toArray(String[]::new));
        }
        return WsTestSession.open(uri, builder, json, options.timeout);
    }

    private int enginePort() {
        Integer port = environment.getProperty(LocalWsServerPort.PROPERTY, Integer.class);
        if (port == null) {
            throw new IllegalStateException("no " + LocalWsServerPort.PROPERTY + " in the environment: the WebSocket"
                    + " server has not started (is ws.server.enabled false, or is this not a @SpringBootTest?)");
        }
        return port;
    }

    /** What a {@link #connect(String, Consumer)} may set: port, subprotocols, headers, timeout. */
    public static final class Options {
        private Integer port;
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Options() {
        }

        /**
         * Another port than the engine's (a server the test started itself, say), still on
         * {@code 127.0.0.1}.
         *
         * @param port 1-65535
         * @return these options
         * @throws IllegalArgumentException if out of range
         */
        public Options port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Subprotocols to offer, preferred first ({@code Sec-WebSocket-Protocol});
         * {@link WsTestSession#subprotocol()} tells which the server chose.
         *
         * @param names subprotocol names, added after any given before
         * @return these options
         * @throws NullPointerException if a name is null
         */
        public Options subprotocols(String... names) {
            subprotocols.addAll(List.of(names));
            return this;
        }

        /**
         * A header of the upgrade request, such as {@code Cookie}, {@code Authorization} or
         * {@code Origin}. The JDK's client refuses the ones the handshake sets itself
         * ({@code Sec-WebSocket-*}, {@code Upgrade}, {@code Connection}, {@code Host}, ...): the connect
         * then fails with an {@link AssertionError} that names the header.
         *
         * @param name  the header's name; a second value for the same name replaces the first
         * @param value the header's value
         * @return these options
         * @throws NullPointerException if {@code name} or {@code value} is null
         */
        public Options header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How long the handshake and each await may take; default {@link #DEFAULT_TIMEOUT}.
         *
         * @param timeout positive
         * @return these options
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Options timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        private int port(WsTestClient client) {
            return port != null ? port : client.enginePort();
        }
    }
}
