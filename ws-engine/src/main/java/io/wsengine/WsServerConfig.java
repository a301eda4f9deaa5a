package io.wsengine;

import io.wsengine.internal.routing.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link WsServer} needs: where to listen, its routes, limits and timeouts. Built with
 * {@link #builder()}; every setting has a default, and an invalid value fails at once with an
 * {@link IllegalArgumentException} naming the setting.
 */
public final class WsServerConfig {
    /** Largest message an array can hold, with room for the JVM's array header. */
    public static final long MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private final InetAddress bindAddress;
    private final int port;
    private final int eventLoops;
    private final int backlog;
    private final boolean tcpNoDelay;
    private final int maxHandshakeSize;
    private final Duration handshakeTimeout;
    private final long maxMessageSize;
    /** -1 when not set: frames may then be as large as the route's message limit. */
    private final long maxFrameSize;
    private final long maxOutboundBuffer;
    private final OverflowPolicy overflowPolicy;
    private final Duration closeTimeout;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final List<String> allowedOrigins;
    private final List<HandshakeInterceptor> interceptors;
    private final List<WsRoute> routes;

    private WsServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.eventLoops = b.eventLoops;
        this.backlog = b.backlog;
        this.tcpNoDelay = b.tcpNoDelay;
        this.maxHandshakeSize = b.maxHandshakeSize;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxFrameSize = b.maxFrameSize;
        this.maxOutboundBuffer = b.maxOutboundBuffer;
        this.overflowPolicy = b.overflowPolicy;
        this.closeTimeout = b.closeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.pingInterval = b.pingInterval;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.interceptors = List.copyOf(b.interceptors);
        this.routes = List.copyOf(b.routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public InetAddress bindAddress() { return bindAddress; }
    public int port() { return port; }
    public int eventLoops() { return eventLoops; }
    public int backlog() { return backlog; }
    public boolean tcpNoDelay() { return tcpNoDelay; }
    public int maxHandshakeSize() { return maxHandshakeSize; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public long maxMessageSize() { return maxMessageSize; }
    /** The frame size limit; when not set, the message size limit. */
    public long maxFrameSize() { return maxFrameSize < 0 ? maxMessageSize : maxFrameSize; }

    /** The frame size limit on a route whose message size limit is {@code routeMaxMessageSize}. */
    public long maxFrameSize(long routeMaxMessageSize) {
        return maxFrameSize < 0 ? routeMaxMessageSize : Math.min(maxFrameSize, routeMaxMessageSize);
    }
    public long maxOutboundBuffer() { return maxOutboundBuffer; }

    /** What a full outbound buffer does on routes that set no policy of their own. */
    public OverflowPolicy overflowPolicy() { return overflowPolicy; }
    public Duration closeTimeout() { return closeTimeout; }
    public Duration idleTimeout() { return idleTimeout; }
    public Duration pingInterval() { return pingInterval; }
    public List<String> allowedOrigins() { return allowedOrigins; }
    public List<HandshakeInterceptor> interceptors() { return interceptors; }
    public List<WsRoute> routes() { return routes; }

    /** Settings with their defaults; see each method for what it sets. */
    public static final class Builder {
        private InetAddress bindAddress;
        private int port = 0;
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private int backlog = 1024;
        private boolean tcpNoDelay = true;
        private int maxHandshakeSize = 8 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private long maxMessageSize = 1024 * 1024;
        private long maxFrameSize = -1;
        private long maxOutboundBuffer = 4 * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ZERO;
        private Duration pingInterval = Duration.ZERO;
        private final List<String> allowedOrigins = new ArrayList<>();
        private final List<HandshakeInterceptor> interceptors = new ArrayList<>();
        private final List<WsRoute> routes = new ArrayList<>();

        private Builder() {
            try {
                bindAddress = InetAddress.getByName("0.0.0.0");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Address to listen on; default {@code 0.0.0.0} (every IPv4 interface). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** Address to listen on, by name or literal, such as {@code 127.0.0.1} or {@code ::1}. */
        public Builder bindAddress(String host) {
            try {
                return bindAddress(InetAddress.getByName(Objects.requireNonNull(host, "bindAddress")));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress '" + host + "' cannot be resolved", e);
            }
        }

        /** TCP port, 0-65535; default 0, which picks a free port ({@link WsServer#port()} tells which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Event loop threads; default the number of available processors. */
        public Builder eventLoops(int count) {
            this.eventLoops = positive("eventLoops", count);
            return this;
        }

        /** Pending-connection queue length of the listening socket; default 1024. */
        public Builder backlog(int backlog) {
            this.backlog = positive("backlog", backlog);
            return this;
        }

        /** Whether to disable Nagle's algorithm on accepted sockets; default true. */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /** Largest HTTP request head, in bytes; default 8 KiB. A larger one is answered {@code 431}. */
        public Builder maxHandshakeSize(int bytes) {
            this.maxHandshakeSize = (int) range("maxHandshakeSize", bytes, 256, 1024 * 1024);
            return this;
        }

        /** Time for a client to send its whole upgrade request; default 10 s, then the socket is closed. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive("handshakeTimeout", timeout);
            return this;
        }

        /** Largest message, in bytes, declared or assembled from fragments; default 1 MiB, then {@code 1009}. */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = range("maxMessageSize", bytes, 1, MAX_ARRAY_SIZE);
            return this;
        }

        /** Largest single frame, in bytes; default the message size limit. A larger one closes {@code 1009}. */
        public Builder maxFrameSize(long bytes) {
            this.maxFrameSize = range("maxFrameSize", bytes, 125, MAX_ARRAY_SIZE);
            return this;
        }

        /**
         * Bytes a session may have sent and not yet written to its socket; default 4 MiB. What a send
         * past it does is the {@linkplain #overflowPolicy overflow policy}'s: by default it fails with
         * {@link OutboundLimitExceededException} and the session closes {@code 1008}.
         */
        public Builder maxOutboundBuffer(long bytes) {
            this.maxOutboundBuffer = range("maxOutboundBuffer", bytes, 1024, Long.MAX_VALUE / 2);
            return this;
        }

        /** What a send past the outbound limit does; default {@link OverflowPolicy#CLOSE}. Routes may override it. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        /** Time to wait for the peer's close frame, or to flush ours; default 5 s, then the socket is closed. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive("closeTimeout", timeout);
            return this;
        }

        /** Close a session ({@code 1001}) after this long without receiving a frame; default zero (off). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = notNegative("idleTimeout", timeout);
            return this;
        }

        /** Send a ping to each open session this often; default zero (off). */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = notNegative("pingInterval", interval);
            return this;
        }

        /**
         * Allowed {@code Origin} values: exact ({@code https://app.example.com}), with wildcards
         * ({@code https://*.example.com}, {@code http://localhost:*}), or {@code *} for any. With none
         * (the default), a browser origin is allowed only when its host equals the {@code Host}
         * header's host, on any port. A request without {@code Origin} (not from a browser) is always
         * allowed.
         */
        public Builder allowedOrigins(List<String> origins) {
            for (String origin : origins) {
                if (origin == null || origin.isBlank()) {
                    throw new IllegalArgumentException("allowedOrigins may not contain a blank entry");
                }
            }
            allowedOrigins.addAll(origins);
            return this;
        }

        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(List.of(origins));
        }

        /** An interceptor for every route, run before the route's own. */
        public Builder interceptor(HandshakeInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public Builder route(WsRoute route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        public Builder route(String path, WsHandler handler) {
            return route(WsRoute.of(path, handler));
        }

        public WsServerConfig build() {
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("no routes: add at least one with route(path, handler)");
            }
            Router<WsRoute> router = new Router<>();
            for (WsRoute route : routes) {
                router.add(route.path(), route); // rejects two templates that match the same paths
            }
            if (maxFrameSize > maxMessageSize) {
                throw new IllegalArgumentException("maxFrameSize (" + maxFrameSize
                        + ") may not exceed maxMessageSize (" + maxMessageSize + ")");
            }
            return new WsServerConfig(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + value);
            }
            return value;
        }

        private static long range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", not " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
            return value;
        }

        private static Duration notNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " may not be negative (zero turns it off), not " + value);
            }
            return value;
        }
    }
}
