package io.wsengine;

import io.wsengine.internal.routing.PathTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path template and the handler of its sessions, with what may differ per route: subprotocols,
 * interceptors, the message size limit, the outbound overflow policy, and the pings that find dead peers.
 *
 * <p>Templates start with {@code /} and are literal segments and whole-segment variables
 * ({@code /chat/{room}}; a name starts with an ASCII letter or {@code _}, goes on with letters,
 * digits, {@code _}, {@code .} or {@code -}, and is used once per template); a final {@code /**}
 * matches any rest of the path. Variable values are percent-decoded. Where several routes match a
 * path, the one with more literal segments wins ({@code /chat/lobby} before {@code /chat/{room}}),
 * and a {@code /**} route comes last. Instances are immutable.
 */
public final class WsRoute {
    private final String path;
    private final WsHandler handler;
    private final List<String> subprotocols;
    private final List<HandshakeInterceptor> interceptors;
    private final long maxMessageSize;
    private final OverflowPolicy overflowPolicy;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final boolean compression;

    private WsRoute(Builder builder) {
        this.path = builder.path;
        this.handler = builder.handler;
        this.subprotocols = List.copyOf(builder.subprotocols);
        this.interceptors = List.copyOf(builder.interceptors);
        this.maxMessageSize = builder.maxMessageSize;
        this.overflowPolicy = builder.overflowPolicy;
        this.pingInterval = builder.pingInterval;
        this.pongTimeout = builder.pongTimeout;
        this.compression = builder.compression;
    }

    /**
     * A route with the server's settings.
     *
     * @param path    the path template, such as {@code /chat/{room}}
     * @param handler the handler of every session of the route
     * @return the route
     * @throws IllegalArgumentException if the path is not a valid template, naming what is wrong
     * @throws NullPointerException     if {@code path} or {@code handler} is null
     */
    public static WsRoute of(String path, WsHandler handler) {
        return builder(path, handler).build();
    }

    /**
     * Starts a route with settings of its own.
     *
     * @param path    the path template, such as {@code /chat/{room}}
     * @param handler the handler of every session of the route
     * @return a builder; each of its settings defaults to the server's
     * @throws IllegalArgumentException if the path is not a valid template, naming what is wrong
     * @throws NullPointerException     if {@code path} or {@code handler} is null
     */
    public static Builder builder(String path, WsHandler handler) {
        return new Builder(path, handler);
    }

    /** {@return the path template, as given} */
    public String path() {
        return path;
    }

    /** {@return the handler of the route's sessions} */
    public WsHandler handler() {
        return handler;
    }

    /** {@return the subprotocols this route speaks, preferred first; empty for none} */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** {@return the interceptors of this route, in order, run after the server-wide ones} */
    public List<HandshakeInterceptor> interceptors() {
        return interceptors;
    }

    /** {@return the message size limit of this route in bytes, or -1 for the server's} */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** {@return what a full outbound buffer does on this route, or null for the server's policy} */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** {@return how often this route's sessions are pinged (zero: never), or null for the server's interval} */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** {@return how long this route's pongs may take (zero: any time), or null for the server's timeout} */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** {@return false when this route never negotiates permessage-deflate, whatever the server's settings} */
    public boolean compression() {
        return compression;
    }

    /** {@return the path template} */
    @Override
    public String toString() {
        return path;
    }

    /** Settings of one route; from {@link WsRoute#builder(String, WsHandler)}. Not thread-safe. */
    public static final class Builder {
        private final String path;
        private final WsHandler handler;
        private final List<String> subprotocols = new ArrayList<>();
        private final List<HandshakeInterceptor> interceptors = new ArrayList<>();
        private long maxMessageSize = -1;
        private OverflowPolicy overflowPolicy;
        private Duration pingInterval;
        private Duration pongTimeout;
        private boolean compression = true;

        /** @throws IllegalArgumentException when the path is not a valid template */
        private Builder(String path, WsHandler handler) {
            this.path = Objects.requireNonNull(path, "path");
            this.handler = Objects.requireNonNull(handler, "handler");
            PathTemplate.parse(path);
        }

        /**
         * Adds subprotocols in order of preference: the first that the client also offers is chosen
         * (an interceptor may choose another with {@link HandshakeResult#acceptWithSubprotocol}).
         * Without any, none is chosen unless an interceptor chooses one.
         *
         * @param names subprotocol names, such as {@code graphql-transport-ws}, added after any
         *              already given
         * @return this builder
         * @throws IllegalArgumentException if a name is null, blank, or holds a comma or a space
         */
        public Builder subprotocols(String... names) {
            for (String name : names) {
                if (name == null || name.isBlank() || name.contains(",") || name.contains(" ")) {
                    throw new IllegalArgumentException("route " + path + ": invalid subprotocol '" + name + "'");
                }
                subprotocols.add(name);
            }
            return this;
        }

        /**
         * Adds an interceptor for this route only, run after the server-wide ones and those added
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
         * Overrides the server's message size limit ({@link WsServerConfig.Builder#maxMessageSize})
         * for this route. The server's frame size limit still applies, cut to this one when larger.
         *
         * @param bytes the largest message, 1 to {@link WsServerConfig#MAX_ARRAY_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is out of range
         */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("route " + path + ": maxMessageSize must be 1.."
                        + (Integer.MAX_VALUE - 8) + ", not " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Overrides the server's outbound overflow policy ({@link WsServerConfig.Builder#overflowPolicy})
         * for this route.
         *
         * @param policy what a send past the outbound limit does on this route
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        /**
         * Overrides the server's ping interval ({@link WsServerConfig.Builder#pingInterval}) for this route.
         *
         * @param interval zero for no pings on this route, or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws NullPointerException     if {@code interval} is null
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = notNegative("pingInterval", interval);
            return this;
        }

        /**
         * Overrides the server's pong timeout ({@link WsServerConfig.Builder#pongTimeout}) for this route.
         *
         * @param timeout zero to wait for pongs without a bound on this route, or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws NullPointerException     if {@code timeout} is null
         */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = notNegative("pongTimeout", timeout);
            return this;
        }

        /**
         * Whether this route's sessions may be compressed, when the server negotiates permessage-deflate
         * ({@link WsServerConfig.Builder#compression}); true by default. Turn it off for a route whose
         * messages carry secrets beside text an attacker chooses: over TLS, compressed sizes can reveal
         * such secrets (CRIME, BREACH).
         *
         * @param allowed false to keep every session of the route uncompressed
         * @return this builder
         */
        public Builder compression(boolean allowed) {
            this.compression = allowed;
            return this;
        }

        private Duration notNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException("route " + path + ": " + name + " must not be negative, not " + value);
            }
            return value;
        }

        /** {@return the route, with the settings given so far} */
        public WsRoute build() {
            return new WsRoute(this);
        }
    }
}
