package io.wsengine;

import io.wsengine.internal.routing.PathTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path template and the handler of its sessions, with what may differ per route: subprotocols,
 * interceptors, the message size limit and the outbound overflow policy.
 *
 * <p>Templates are literal segments and whole-segment variables ({@code /chat/{room}}); a final
 * {@code /**} matches any rest of the path.
 */
public final class WsRoute {
    private final String path;
    private final WsHandler handler;
    private final List<String> subprotocols;
    private final List<HandshakeInterceptor> interceptors;
    private final long maxMessageSize;
    private final OverflowPolicy overflowPolicy;

    private WsRoute(Builder builder) {
        this.path = builder.path;
        this.handler = builder.handler;
        this.subprotocols = List.copyOf(builder.subprotocols);
        this.interceptors = List.copyOf(builder.interceptors);
        this.maxMessageSize = builder.maxMessageSize;
        this.overflowPolicy = builder.overflowPolicy;
    }

    public static WsRoute of(String path, WsHandler handler) {
        return builder(path, handler).build();
    }

    public static Builder builder(String path, WsHandler handler) {
        return new Builder(path, handler);
    }

    public String path() {
        return path;
    }

    public WsHandler handler() {
        return handler;
    }

    /** The subprotocols this route speaks, preferred first. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Interceptors of this route, run after the server-wide ones. */
    public List<HandshakeInterceptor> interceptors() {
        return interceptors;
    }

    /** The message size limit of this route, or -1 for the server's. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** What a full outbound buffer does on this route, or null for the server's policy. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    @Override
    public String toString() {
        return path;
    }

    public static final class Builder {
        private final String path;
        private final WsHandler handler;
        private final List<String> subprotocols = new ArrayList<>();
        private final List<HandshakeInterceptor> interceptors = new ArrayList<>();
        private long maxMessageSize = -1;
        private OverflowPolicy overflowPolicy;

        /** @throws IllegalArgumentException when the path is not a valid template */
        private Builder(String path, WsHandler handler) {
            this.path = Objects.requireNonNull(path, "path");
            this.handler = Objects.requireNonNull(handler, "handler");
            PathTemplate.parse(path);
        }

        /** Subprotocols in order of preference: the first that the client also offers is chosen. */
        public Builder subprotocols(String... names) {
            for (String name : names) {
                if (name == null || name.isBlank() || name.contains(",") || name.contains(" ")) {
                    throw new IllegalArgumentException("route " + path + ": invalid subprotocol '" + name + "'");
                }
                subprotocols.add(name);
            }
            return this;
        }

        public Builder interceptor(HandshakeInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Overrides the server's message size limit for this route. */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("route " + path + ": maxMessageSize must be 1.."
                        + (Integer.MAX_VALUE - 8) + ", not " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Overrides the server's outbound overflow policy for this route. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        public WsRoute build() {
            return new WsRoute(this);
        }
    }
}
