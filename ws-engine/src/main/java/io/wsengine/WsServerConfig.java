package io.wsengine;

import io.wsengine.internal.routing.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link WsServer} needs: where to listen, its routes, limits and timeouts. Built with
 * {@link #builder()}; every setting has a default, and an invalid value fails at once with an
 * {@link IllegalArgumentException} naming the setting. Instances are immutable; the accessors return
 * the values as built (see {@link Builder} for what each means).
 */
public final class WsServerConfig {
    /** Largest message an array can hold, with room for the JVM's array header. */
    public static final long MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private final InetAddress bindAddress;
    private final int port;
    private final boolean listening;
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
    private final Duration pongTimeout;
    private final List<WsServerListener> listeners;
    private final List<String> allowedOrigins;
    private final List<HandshakeInterceptor> interceptors;
    private final List<WsRoute> routes;
    private final TlsConfig tls;
    private final CompressionConfig compression;
    private final List<String> hiddenHeaders;
    private final List<String> hiddenQueryParameters;
    private final List<String> hiddenSubprotocolMarkers;

    private WsServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.listening = b.listening;
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
        this.pongTimeout = b.pongTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.interceptors = List.copyOf(b.interceptors);
        this.routes = List.copyOf(b.routes);
        this.tls = b.tls;
        this.compression = b.compression;
        this.hiddenHeaders = List.copyOf(b.hiddenHeaders);
        this.hiddenQueryParameters = List.copyOf(b.hiddenQueryParameters);
        this.hiddenSubprotocolMarkers = List.copyOf(b.hiddenSubprotocolMarkers);
    }

    /** {@return a builder with every setting at its default and no routes} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the address listened on} */
    public InetAddress bindAddress() { return bindAddress; }
    /** {@return the TCP port to listen on; 0 for a free one ({@link WsServer#port()} tells which)} */
    public int port() { return port; }
    /** {@return false when the server listens on no port of its own and serves hosted connections only} */
    public boolean listening() { return listening; }
    /** {@return the number of event loop threads} */
    public int eventLoops() { return eventLoops; }
    /** {@return the pending-connection queue length of the listening socket} */
    public int backlog() { return backlog; }
    /** {@return whether Nagle's algorithm is disabled on accepted sockets} */
    public boolean tcpNoDelay() { return tcpNoDelay; }
    /** {@return the largest HTTP request head, in bytes} */
    public int maxHandshakeSize() { return maxHandshakeSize; }
    /** {@return the time a client has to send its whole upgrade request} */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /** {@return the largest message, in bytes, on routes that set no limit of their own} */
    public long maxMessageSize() { return maxMessageSize; }
    /** {@return the frame size limit in bytes; when not set, the message size limit} */
    public long maxFrameSize() { return maxFrameSize < 0 ? maxMessageSize : maxFrameSize; }

    /**
     * The frame size limit on a route whose message size limit is {@code routeMaxMessageSize}.
     *
     * @param routeMaxMessageSize the route's message size limit, in bytes
     * @return the frame size limit if set, cut to the route's message size limit; otherwise the
     *         route's message size limit
     */
    public long maxFrameSize(long routeMaxMessageSize) {
        return maxFrameSize < 0 ? routeMaxMessageSize : Math.min(maxFrameSize, routeMaxMessageSize);
    }
    /** {@return the bytes a session may have sent and not yet written to its socket} */
    public long maxOutboundBuffer() { return maxOutboundBuffer; }

    /** {@return what a full outbound buffer does on routes that set no policy of their own} */
    public OverflowPolicy overflowPolicy() { return overflowPolicy; }
    /** {@return the time to wait for the peer's close frame, or to flush ours} */
    public Duration closeTimeout() { return closeTimeout; }
    /** {@return the time without receiving anything after which a session closes; zero when off} */
    public Duration idleTimeout() { return idleTimeout; }
    /** {@return how often each open session is pinged; zero when off} */
    public Duration pingInterval() { return pingInterval; }
    /** {@return how long a session's pong may take after a ping before the peer counts as gone; zero when off} */
    public Duration pongTimeout() { return pongTimeout; }
    /** {@return what the server reports its events to, in order; empty when nothing listens} */
    public List<WsServerListener> listeners() { return listeners; }
    /** {@return the allowed {@code Origin} values, unmodifiable; empty for the same-host default} */
    public List<String> allowedOrigins() { return allowedOrigins; }
    /** {@return the interceptors of every route, unmodifiable, in the order they run} */
    public List<HandshakeInterceptor> interceptors() { return interceptors; }
    /** {@return the routes, unmodifiable, in the order they were added} */
    public List<WsRoute> routes() { return routes; }

    /** {@return the TLS settings; empty for plain {@code ws://}} */
    public Optional<TlsConfig> tls() { return Optional.ofNullable(tls); }

    /** {@return the permessage-deflate settings} */
    public CompressionConfig compression() { return compression; }

    /** {@return the headers an open session's handshake no longer shows, unmodifiable (see {@link Builder#hideHeaders})} */
    public List<String> hiddenHeaders() { return hiddenHeaders; }
    /** {@return the query parameters an open session's handshake no longer shows, unmodifiable (see {@link Builder#hideQueryParameters})} */
    public List<String> hiddenQueryParameters() { return hiddenQueryParameters; }
    /** {@return the subprotocols whose next offered one an open session's handshake no longer shows, unmodifiable (see {@link Builder#hideSubprotocolAfter})} */
    public List<String> hiddenSubprotocolMarkers() { return hiddenSubprotocolMarkers; }

    /**
     * Settings with their defaults; see each method for what it sets. Each setter checks its value at
     * once; {@link #build()} checks what depends on several. Not thread-safe.
     */
    public static final class Builder {
        private InetAddress bindAddress;
        private int port = 0;
        private boolean listening = true;
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
        private Duration pongTimeout = Duration.ZERO;
        private final List<WsServerListener> listeners = new ArrayList<>();
        private final List<String> allowedOrigins = new ArrayList<>();
        private final List<HandshakeInterceptor> interceptors = new ArrayList<>();
        private final List<WsRoute> routes = new ArrayList<>();
        private TlsConfig tls;
        private CompressionConfig compression = CompressionConfig.builder().build();
        private final List<String> hiddenHeaders = new ArrayList<>(List.of("Authorization", "Proxy-Authorization"));
        private final List<String> hiddenQueryParameters = new ArrayList<>();
        private final List<String> hiddenSubprotocolMarkers = new ArrayList<>();

        private Builder() {
            try {
                bindAddress = InetAddress.getByName("0.0.0.0");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Address to listen on; default {@code 0.0.0.0} (every IPv4 interface).
         *
         * @param address a local address, such as the loopback address to accept local clients only
         * @return this builder
         * @throws NullPointerException if {@code address} is null
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /**
         * Address to listen on, by name or literal, such as {@code 127.0.0.1} or {@code ::1}.
         *
         * @param host a literal address, or a host name, resolved now (which may take a DNS lookup)
         * @return this builder
         * @throws IllegalArgumentException if the name cannot be resolved
         * @throws NullPointerException     if {@code host} is null
         */
        public Builder bindAddress(String host) {
            try {
                return bindAddress(InetAddress.getByName(Objects.requireNonNull(host, "bindAddress")));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress '" + host + "' cannot be resolved", e);
            }
        }

        /**
         * TCP port; default 0, which picks a free port ({@link WsServer#port()} tells which).
         *
         * @param port 0-65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Whether the server listens on a port of its own; default true. False serves only the
         * connections another server hands it ({@link WsServer#decide(HostedRequest)}), such as the
         * web application's port; {@link WsServer#port()} is then -1.
         *
         * @param listening false for no port of its own
         * @return this builder
         */
        public Builder listening(boolean listening) {
            this.listening = listening;
            return this;
        }

        /**
         * Event loop threads; default the number of available processors. Each connection belongs to
         * one loop for its whole life; new connections are dealt to the loops in turn.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder eventLoops(int count) {
            this.eventLoops = positive("eventLoops", count);
            return this;
        }

        /**
         * Pending-connection queue length of the listening socket; default 1024. The operating
         * system may cap it (on Linux, {@code net.core.somaxconn}).
         *
         * @param backlog at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder backlog(int backlog) {
            this.backlog = positive("backlog", backlog);
            return this;
        }

        /**
         * Whether to disable Nagle's algorithm on accepted sockets; default true.
         *
         * @param tcpNoDelay true to send small frames at once, false to let TCP coalesce them
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Largest HTTP request head, in bytes; default 8 KiB. A larger one is answered {@code 431}.
         *
         * @param bytes 256 to 1 MiB (1048576)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxHandshakeSize(int bytes) {
            this.maxHandshakeSize = (int) range("maxHandshakeSize", bytes, 256, 1024 * 1024);
            return this;
        }

        /**
         * Time for a client to send its whole upgrade request and for the interceptors to decide it (a
         * {@link HandshakeResult#deferred deferred} decision included); default 10 s, then the socket is
         * closed without a response.
         *
         * @param timeout positive, counted from the connection's accept
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         * @throws NullPointerException     if {@code timeout} is null
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive("handshakeTimeout", timeout);
            return this;
        }

        /**
         * Largest message, in bytes, declared or assembled from fragments; default 1 MiB. A larger one
         * closes the session with {@code 1009}. Routes may set their own
         * ({@link WsRoute.Builder#maxMessageSize}).
         *
         * @param bytes 1 to {@link #MAX_ARRAY_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = range("maxMessageSize", bytes, 1, MAX_ARRAY_SIZE);
            return this;
        }

        /**
         * Largest single frame, in bytes; default the message size limit. A larger one closes
         * {@code 1009}.
         *
         * @param bytes 125 to {@link #MAX_ARRAY_SIZE}, and at most the message size limit (checked by
         *              {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxFrameSize(long bytes) {
            this.maxFrameSize = range("maxFrameSize", bytes, 125, MAX_ARRAY_SIZE);
            return this;
        }

        /**
         * Bytes a session may have sent and not yet written to its socket; default 4 MiB. What a send
         * past it does is the {@linkplain #overflowPolicy overflow policy}'s: by default it fails with
         * {@link OutboundLimitExceededException} and the session closes {@code 1008}. A single
         * message larger than the limit is still taken when nothing else is waiting. Control frames
         * (pings, pongs, the close frame) count towards it.
         *
         * @param bytes 1024 to {@code Long.MAX_VALUE / 2}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxOutboundBuffer(long bytes) {
            this.maxOutboundBuffer = range("maxOutboundBuffer", bytes, 1024, Long.MAX_VALUE / 2);
            return this;
        }

        /**
         * What a send past the outbound limit does; default {@link OverflowPolicy#CLOSE}. Routes may
         * override it ({@link WsRoute.Builder#overflowPolicy}).
         *
         * @param policy the server-wide policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        /**
         * Time to wait for the peer's close frame, or to flush ours; default 5 s, then the socket is
         * closed. It also bounds how long a close waits for {@link WsHandler#onClosing}'s replies.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         * @throws NullPointerException     if {@code timeout} is null
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive("closeTimeout", timeout);
            return this;
        }

        /**
         * Close a session ({@code 1001}) after this long without receiving anything from the peer;
         * default zero (off). Pongs count: a {@linkplain #pingInterval ping interval} shorter than
         * this keeps responsive clients open.
         *
         * @param timeout zero to turn it off, or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws NullPointerException     if {@code timeout} is null
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = notNegative("idleTimeout", timeout);
            return this;
        }

        /**
         * Send a ping to each open session this often; default zero (off). The pings carry no
         * payload; the pongs reach {@link WsHandler#onPong}.
         *
         * @param interval zero to turn it off, or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws NullPointerException     if {@code interval} is null
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = notNegative("pingInterval", interval);
            return this;
        }

        /**
         * Reports the server's events (sessions, refusals, messages, sends, pauses, pings) to a
         * listener, for metrics, after those added before; none by default, and then the server makes
         * no calls for them.
         *
         * @param listener the listener, called inline (see {@link WsServerListener})
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(WsServerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Counts a peer as gone when no pong comes back within this long after a ping of the
         * {@linkplain #pingInterval ping interval}; default zero (off). Such a session is released at
         * once, without a close handshake (there is nobody to answer one): {@link WsHandler#onClose}
         * sees {@code 1006}. Any pong counts. Time with reading paused does not: a paused session
         * cannot read its pong, so the wait starts again when reading resumes.
         *
         * @param timeout zero to turn it off, or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws NullPointerException     if {@code timeout} is null
         */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = notNegative("pongTimeout", timeout);
            return this;
        }

        /**
         * Allowed {@code Origin} values: exact ({@code https://app.example.com}), with wildcards
         * ({@code https://*.example.com}, {@code http://localhost:*}), or {@code *} for any. With none
         * (the default), a browser origin is allowed only when its host equals the {@code Host}
         * header's host, on any port. A request without {@code Origin} (not from a browser) is always
         * allowed. Origins are compared ignoring case; a refused one is answered {@code 403}.
         *
         * @param origins added to those given before
         * @return this builder
         * @throws IllegalArgumentException if an entry is null or blank
         * @throws NullPointerException     if {@code origins} is null
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

        /**
         * Allowed {@code Origin} values, as {@link #allowedOrigins(List)} takes them.
         *
         * @param origins added to those given before
         * @return this builder
         * @throws IllegalArgumentException if an entry is blank
         * @throws NullPointerException     if {@code origins} or an entry is null
         */
        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(List.of(origins));
        }

        /**
         * Adds an interceptor for every route, run before the route's own and after those added
         * before it.
         *
         * @param interceptor the interceptor
         * @return this builder
         * @throws NullPointerException if {@code interceptor} is null
         */
        public Builder interceptor(HandshakeInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Headers that carry credentials, which an open session no longer shows: interceptors see them
         * during the handshake; afterwards {@link WsSession#handshake()} has no such header. By
         * default {@code Authorization} and {@code Proxy-Authorization}. An interceptor that wants
         * the session to keep what it learned puts that (a principal, not the credential) into the
         * attributes. Requests that carry none of the hidden parts keep their head as it came, at no
         * cost.
         *
         * @param names header names, matched ignoring case, added to those hidden already
         * @return this builder
         * @throws IllegalArgumentException if a name is not an HTTP token
         * @throws NullPointerException     if {@code names} or a name is null
         */
        public Builder hideHeaders(String... names) {
            for (String name : names) {
                requireToken("hideHeaders", name);
            }
            hiddenHeaders.addAll(List.of(names));
            return this;
        }

        /**
         * Query parameters that carry credentials (a one-time ticket, say), which an open session no
         * longer shows: afterwards {@link WsSession#handshake()}'s URI, query and parameters have no
         * such parameter. None by default. As {@link #hideHeaders}, interceptors see them.
         *
         * @param names decoded parameter names, matched exactly, added to those hidden already
         * @return this builder
         * @throws IllegalArgumentException if a name is empty
         * @throws NullPointerException     if {@code names} or a name is null
         */
        public Builder hideQueryParameters(String... names) {
            for (String name : names) {
                if (Objects.requireNonNull(name, "hideQueryParameters").isEmpty()) {
                    throw new IllegalArgumentException("hideQueryParameters may not contain an empty name");
                }
            }
            hiddenQueryParameters.addAll(List.of(names));
            return this;
        }

        /**
         * Hides the subprotocol a client offers right after this one: a browser cannot set headers
         * on a WebSocket, so it sends a token as a subprotocol after a marker such as
         * {@code wsengine.bearer}. Afterwards {@link WsSession#handshake()}'s {@code
         * Sec-WebSocket-Protocol} and {@link HandshakeRequest#subprotocols()} hold the marker but not
         * the token. None by default. As {@link #hideHeaders}, interceptors see it.
         *
         * @param marker the subprotocol before the credential, an HTTP token
         * @return this builder
         * @throws IllegalArgumentException if {@code marker} is not an HTTP token
         * @throws NullPointerException     if {@code marker} is null
         */
        public Builder hideSubprotocolAfter(String marker) {
            hiddenSubprotocolMarkers.add(requireToken("hideSubprotocolAfter", marker));
            return this;
        }

        /**
         * Serves {@code wss://} with these TLS settings; by default the server is plain {@code ws://}.
         * The port then speaks TLS only: a plain request to it is closed without an answer.
         *
         * @param tls the settings, from {@link TlsConfig#builder(javax.net.ssl.SSLContext)}
         * @return this builder
         * @throws NullPointerException if {@code tls} is null
         */
        public Builder tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Sets permessage-deflate (RFC 7692): whether a client's offer is accepted, and at what cost.
         * On by default, without context takeover ({@link CompressionConfig#builder()}'s defaults);
         * {@link CompressionConfig#DISABLED} keeps every connection uncompressed.
         *
         * @param compression the settings, from {@link CompressionConfig#builder()}
         * @return this builder
         * @throws NullPointerException if {@code compression} is null
         */
        public Builder compression(CompressionConfig compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Adds a route.
         *
         * @param route the route; two routes whose templates match the same paths fail {@link #build()}
         * @return this builder
         * @throws NullPointerException if {@code route} is null
         */
        public Builder route(WsRoute route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /**
         * Adds a route with the server's settings, as {@link WsRoute#of(String, WsHandler)} makes it.
         *
         * @param path    the path template, such as {@code /chat/{room}}
         * @param handler the handler of every session of the route
         * @return this builder
         * @throws IllegalArgumentException if the path is not a valid template
         * @throws NullPointerException     if {@code path} or {@code handler} is null
         */
        public Builder route(String path, WsHandler handler) {
            return route(WsRoute.of(path, handler));
        }

        /**
         * Builds the configuration; the builder may go on being used.
         *
         * @return the configuration
         * @throws IllegalArgumentException if there is no route, if two routes' templates match the
         *                                  same paths, or if the frame size limit exceeds the message
         *                                  size limit
         */
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

        private static String requireToken(String setting, String value) {
            Objects.requireNonNull(value, setting);
            if (value.isEmpty() || !value.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                throw new IllegalArgumentException(setting + ": '" + value + "' is not an HTTP token");
            }
            return value;
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
