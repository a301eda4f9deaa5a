package io.wsengine.spring;

import io.wsengine.OverflowPolicy;
import io.wsengine.WsServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the WebSocket server, under {@code ws.server}. Every value is checked when bound: a bad
 * one fails start-up with a message naming the property.
 */
@ConfigurationProperties(WsServerProperties.PREFIX)
public class WsServerProperties {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server";

    /** Properties with their defaults; Spring Boot binds {@code ws.server.*} onto them. */
    public WsServerProperties() {
    }

    /** Where endpoint methods run. */
    public enum Dispatch {
        /**
         * On the application's task executor, one message at a time per session, in order: handlers
         * may block without holding up other sessions.
         */
        EXECUTOR,
        /** On the server's event loop: fastest, for handlers that never block. */
        EVENT_LOOP
    }

    /** Which ports serve the endpoints. */
    public enum ServeOn {
        /** The engine's own port ({@code ws.server.port}) only: the fastest path. */
        OWN_PORT,
        /**
         * The web server's port ({@code server.port}) only, through HTTP upgrade in the servlet
         * container, behind its filters (Spring Security) and its TLS; the engine listens on no port.
         */
        WEB_PORT,
        /** Both ports: the same endpoints, sessions and broadcasts on each. */
        BOTH
    }

    /** Whether to start the WebSocket server. */
    private boolean enabled = true;

    /** Which ports serve the endpoints: own-port, web-port (a servlet web application's) or both. */
    private ServeOn serveOn = ServeOn.OWN_PORT;

    /**
     * On the web server's port: bytes read from the container that a session has not taken yet (while
     * it is paused); a connection with more is dropped.
     */
    private DataSize webPortMaxUnread = DataSize.ofMegabytes(1);

    /** TCP port of the WebSocket server; 0 picks a free port (see @LocalWsServerPort). */
    private int port = 8090;

    /** Address to listen on; all IPv4 interfaces (0.0.0.0) when not set. */
    private InetAddress address;

    /** Event loop threads; the number of available processors when not set. */
    private Integer eventLoops;

    /** Pending-connection queue length of the listening socket. */
    private int backlog = 1024;

    /** Whether to disable Nagle's algorithm on accepted sockets. */
    private boolean tcpNoDelay = true;

    /** Largest HTTP upgrade request head; a larger one is answered 431. */
    private DataSize maxHandshakeSize = DataSize.ofKilobytes(8);

    /** Time a client has to send its whole upgrade request, and the interceptors to decide it, before the socket is closed. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** Largest message, declared or assembled from fragments; a larger one closes the session with 1009. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(1);

    /** Largest single frame; the message size limit when not set. */
    private DataSize maxFrameSize;

    /**
     * Bytes a session may have sent and not yet written to its socket; what a send past it does is the
     * overflow policy's.
     */
    private DataSize maxOutboundBuffer = DataSize.ofMegabytes(4);

    /**
     * What a send past max-outbound-buffer does: close (the send fails and the session closes with
     * 1008), drop (the new message is dropped and counted, the session stays open), or pause-reading
     * (stop reading from the client until its unwritten bytes drain to half the limit; 1008 past twice
     * the limit). An endpoint may set its own.
     */
    private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;

    /** Time to wait for the peer's close frame before the socket is closed. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /** Close a session (1001) after this long without a frame from the peer; 0 turns it off. */
    private Duration idleTimeout = Duration.ZERO;

    /** Send a ping to every open session this often; 0 turns it off. Per endpoint: @WsEndpoint(pingInterval). */
    private Duration pingInterval = Duration.ofSeconds(30);

    /**
     * Release a session (1006, no close handshake) whose pong has not come back this long after a ping: its
     * peer is gone. Time with reading paused does not count; 0 turns it off. Per endpoint: @WsEndpoint(pongTimeout).
     */
    private Duration pongTimeout = Duration.ofSeconds(10);

    /**
     * Allowed browser origins: exact, with wildcards (https://*.example.com, http://localhost:*), or *
     * for any. Empty: only origins whose host is the request's Host. Requests without Origin are
     * always allowed.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Where endpoint methods run: executor (default) or event-loop. */
    private Dispatch dispatch = Dispatch.EXECUTOR;

    /**
     * With executor dispatch, messages a session may have waiting for its endpoint; beyond it the
     * server stops reading from that client until half have been handled.
     */
    private int maxQueuedMessages = 256;

    /**
     * On shutdown, time to wait for the close handshakes after 1001 is sent, before the remaining
     * connections are cut; never longer than spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration shutdownGrace = Duration.ofSeconds(5);

    /** {@return whether to start the WebSocket server ({@code ws.server.enabled}); default true} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code ws.server.enabled}.
     *
     * @param enabled false to run the application without the server
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the TCP port ({@code ws.server.port}); default 8090, 0 for a free one} */
    public int getPort() {
        return port;
    }

    /**
     * Sets {@code ws.server.port}.
     *
     * @param port 0-65535
     * @throws IllegalArgumentException if out of range
     */
    public void setPort(int port) {
        require(port >= 0 && port <= 65535, "port must be 0-65535");
        this.port = port;
    }

    /** {@return the address to listen on ({@code ws.server.address}), or null for all IPv4 interfaces} */
    public InetAddress getAddress() {
        return address;
    }

    /**
     * Sets {@code ws.server.address}.
     *
     * @param address a local address, or null for all IPv4 interfaces
     */
    public void setAddress(InetAddress address) {
        this.address = address;
    }

    /**
     * {@return the event loop threads ({@code ws.server.event-loops}), or null for the number of available
     * processors}
     */
    public Integer getEventLoops() {
        return eventLoops;
    }

    /**
     * Sets {@code ws.server.event-loops}.
     *
     * @param eventLoops at least 1, or null for the number of available processors
     * @throws IllegalArgumentException if less than 1
     */
    public void setEventLoops(Integer eventLoops) {
        require(eventLoops == null || eventLoops >= 1, "event-loops must be at least 1");
        this.eventLoops = eventLoops;
    }

    /** {@return the pending-connection queue length ({@code ws.server.backlog}); default 1024} */
    public int getBacklog() {
        return backlog;
    }

    /**
     * Sets {@code ws.server.backlog}.
     *
     * @param backlog at least 1
     * @throws IllegalArgumentException if less than 1
     */
    public void setBacklog(int backlog) {
        require(backlog >= 1, "backlog must be at least 1");
        this.backlog = backlog;
    }

    /** {@return whether Nagle's algorithm is disabled ({@code ws.server.tcp-no-delay}); default true} */
    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * Sets {@code ws.server.tcp-no-delay}.
     *
     * @param tcpNoDelay true to send small frames at once
     */
    public void setTcpNoDelay(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
    }

    /** {@return the largest upgrade request head ({@code ws.server.max-handshake-size}); default 8 KB} */
    public DataSize getMaxHandshakeSize() {
        return maxHandshakeSize;
    }

    /**
     * Sets {@code ws.server.max-handshake-size}.
     *
     * @param maxHandshakeSize 256 B to 1 MB
     * @throws IllegalArgumentException if out of range
     */
    public void setMaxHandshakeSize(DataSize maxHandshakeSize) {
        require(maxHandshakeSize.toBytes() >= 256 && maxHandshakeSize.toBytes() <= 1024 * 1024,
                "max-handshake-size must be 256B-1MB");
        this.maxHandshakeSize = maxHandshakeSize;
    }

    /** {@return the time to send the upgrade request ({@code ws.server.handshake-timeout}); default 10 s} */
    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Sets {@code ws.server.handshake-timeout}.
     *
     * @param handshakeTimeout positive
     * @throws IllegalArgumentException if null, zero or negative
     */
    public void setHandshakeTimeout(Duration handshakeTimeout) {
        requirePositive(handshakeTimeout, "handshake-timeout");
        this.handshakeTimeout = handshakeTimeout;
    }

    /** {@return the largest message ({@code ws.server.max-message-size}); default 1 MB} */
    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Sets {@code ws.server.max-message-size}.
     *
     * @param maxMessageSize 1 B to {@link WsServerConfig#MAX_ARRAY_SIZE} bytes
     * @throws IllegalArgumentException if out of range
     */
    public void setMaxMessageSize(DataSize maxMessageSize) {
        require(maxMessageSize.toBytes() >= 1 && maxMessageSize.toBytes() <= WsServerConfig.MAX_ARRAY_SIZE,
                "max-message-size must be 1B-" + WsServerConfig.MAX_ARRAY_SIZE + "B");
        this.maxMessageSize = maxMessageSize;
    }

    /** {@return the largest frame ({@code ws.server.max-frame-size}), or null for the message size limit} */
    public DataSize getMaxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets {@code ws.server.max-frame-size}.
     *
     * @param maxFrameSize 125 B to {@link WsServerConfig#MAX_ARRAY_SIZE} bytes, and at most the message size
     *                     limit (checked when the server starts), or null
     * @throws IllegalArgumentException if out of range
     */
    public void setMaxFrameSize(DataSize maxFrameSize) {
        require(maxFrameSize == null || (maxFrameSize.toBytes() >= 125
                && maxFrameSize.toBytes() <= WsServerConfig.MAX_ARRAY_SIZE), "max-frame-size must be at least 125B");
        this.maxFrameSize = maxFrameSize;
    }

    /** {@return the outbound limit per session ({@code ws.server.max-outbound-buffer}); default 4 MB} */
    public DataSize getMaxOutboundBuffer() {
        return maxOutboundBuffer;
    }

    /**
     * Sets {@code ws.server.max-outbound-buffer}.
     *
     * @param maxOutboundBuffer at least 1 KB
     * @throws IllegalArgumentException if less than 1 KB
     */
    public void setMaxOutboundBuffer(DataSize maxOutboundBuffer) {
        require(maxOutboundBuffer.toBytes() >= 1024, "max-outbound-buffer must be at least 1KB");
        this.maxOutboundBuffer = maxOutboundBuffer;
    }

    /**
     * {@return what a send past the outbound limit does ({@code ws.server.overflow-policy}); default
     * {@link OverflowPolicy#CLOSE}}
     */
    public OverflowPolicy getOverflowPolicy() {
        return overflowPolicy;
    }

    /**
     * Sets {@code ws.server.overflow-policy}.
     *
     * @param overflowPolicy the server-wide policy; endpoints may set their own
     * @throws IllegalArgumentException if null
     */
    public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
        require(overflowPolicy != null, "overflow-policy must be close, drop or pause-reading");
        this.overflowPolicy = overflowPolicy;
    }

    /** {@return the time to wait for the peer's close frame ({@code ws.server.close-timeout}); default 5 s} */
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    /**
     * Sets {@code ws.server.close-timeout}.
     *
     * @param closeTimeout positive
     * @throws IllegalArgumentException if null, zero or negative
     */
    public void setCloseTimeout(Duration closeTimeout) {
        requirePositive(closeTimeout, "close-timeout");
        this.closeTimeout = closeTimeout;
    }

    /**
     * {@return the idle time after which a session closes ({@code ws.server.idle-timeout}); zero (the default)
     * when off}
     */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /**
     * Sets {@code ws.server.idle-timeout}.
     *
     * @param idleTimeout zero to turn it off, or positive
     * @throws IllegalArgumentException if negative
     */
    public void setIdleTimeout(Duration idleTimeout) {
        require(!idleTimeout.isNegative(), "idle-timeout may not be negative (0 turns it off)");
        this.idleTimeout = idleTimeout;
    }

    /** {@return how often open sessions are pinged ({@code ws.server.ping-interval}, 30 s by default); zero when off} */
    public Duration getPingInterval() {
        return pingInterval;
    }

    /**
     * Sets {@code ws.server.ping-interval}.
     *
     * @param pingInterval zero to turn it off, or positive
     * @throws IllegalArgumentException if negative
     */
    public void setPingInterval(Duration pingInterval) {
        require(!pingInterval.isNegative(), "ping-interval may not be negative (0 turns it off)");
        this.pingInterval = pingInterval;
    }

    /**
     * {@return how long a pong may take after a ping before the peer counts as gone and its session is
     * released, {@code 1006} ({@code ws.server.pong-timeout}, 10 s by default); zero when off}
     */
    public Duration getPongTimeout() {
        return pongTimeout;
    }

    /**
     * Sets {@code ws.server.pong-timeout}.
     *
     * @param pongTimeout zero to turn it off, or positive
     * @throws IllegalArgumentException if negative
     */
    public void setPongTimeout(Duration pongTimeout) {
        require(!pongTimeout.isNegative(), "pong-timeout may not be negative (0 turns it off)");
        this.pongTimeout = pongTimeout;
    }

    /**
     * {@return the allowed browser origins ({@code ws.server.allowed-origins}); empty (the default) for the
     * request's own host}
     */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Sets {@code ws.server.allowed-origins}.
     *
     * @param allowedOrigins exact origins, wildcard patterns or {@code *}; no blank entry
     * @throws IllegalArgumentException if an entry is null or blank
     */
    public void setAllowedOrigins(List<String> allowedOrigins) {
        require(allowedOrigins.stream().noneMatch(origin -> origin == null || origin.isBlank()),
                "allowed-origins may not contain a blank entry");
        this.allowedOrigins = allowedOrigins;
    }

    /** {@return which ports serve the endpoints ({@code ws.server.serve-on}); default {@link ServeOn#OWN_PORT}} */
    public ServeOn getServeOn() {
        return serveOn;
    }

    /**
     * Sets {@code ws.server.serve-on}.
     *
     * @param serveOn which ports serve the endpoints
     * @throws IllegalArgumentException if null
     */
    public void setServeOn(ServeOn serveOn) {
        require(serveOn != null, "serve-on may not be empty");
        this.serveOn = serveOn;
    }

    /**
     * {@return on the web port, the bytes a paused session may leave unread
     * ({@code ws.server.web-port-max-unread}); default 1 MB}
     */
    public DataSize getWebPortMaxUnread() {
        return webPortMaxUnread;
    }

    /**
     * Sets {@code ws.server.web-port-max-unread}.
     *
     * @param webPortMaxUnread at least 64 KB
     * @throws IllegalArgumentException if null or below 64 KB
     */
    public void setWebPortMaxUnread(DataSize webPortMaxUnread) {
        require(webPortMaxUnread != null && webPortMaxUnread.toBytes() >= 64 * 1024,
                "web-port-max-unread must be at least 64KB");
        this.webPortMaxUnread = webPortMaxUnread;
    }

    /** {@return where endpoint methods run ({@code ws.server.dispatch}); default {@link Dispatch#EXECUTOR}} */
    public Dispatch getDispatch() {
        return dispatch;
    }

    /**
     * Sets {@code ws.server.dispatch}.
     *
     * @param dispatch where endpoint methods run
     */
    public void setDispatch(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    /**
     * {@return the messages a session may have waiting under executor dispatch
     * ({@code ws.server.max-queued-messages}); default 256}
     */
    public int getMaxQueuedMessages() {
        return maxQueuedMessages;
    }

    /**
     * Sets {@code ws.server.max-queued-messages}.
     *
     * @param maxQueuedMessages at least 1
     * @throws IllegalArgumentException if less than 1
     */
    public void setMaxQueuedMessages(int maxQueuedMessages) {
        require(maxQueuedMessages >= 1, "max-queued-messages must be at least 1");
        this.maxQueuedMessages = maxQueuedMessages;
    }

    /**
     * {@return the time to wait for the close handshakes on shutdown ({@code ws.server.shutdown-grace});
     * default 5 s}
     */
    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    /**
     * Sets {@code ws.server.shutdown-grace}.
     *
     * @param shutdownGrace zero or positive; cut to {@code spring.lifecycle.timeout-per-shutdown-phase} when
     *                      that is shorter
     * @throws IllegalArgumentException if negative
     */
    public void setShutdownGrace(Duration shutdownGrace) {
        require(!shutdownGrace.isNegative(), "shutdown-grace may not be negative");
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * The engine settings these properties describe; routes and interceptors are added by the caller.
     * Whether {@code max-frame-size} fits under {@code max-message-size} is checked by the builder's
     * {@link WsServerConfig.Builder#build()}.
     *
     * @return a new builder with these settings
     */
    public WsServerConfig.Builder toConfigBuilder() {
        WsServerConfig.Builder builder = WsServerConfig.builder()
                .port(port)
                .backlog(backlog)
                .tcpNoDelay(tcpNoDelay)
                .maxHandshakeSize((int) maxHandshakeSize.toBytes())
                .handshakeTimeout(handshakeTimeout)
                .maxMessageSize(maxMessageSize.toBytes())
                .maxOutboundBuffer(maxOutboundBuffer.toBytes())
                .overflowPolicy(overflowPolicy)
                .closeTimeout(closeTimeout)
                .idleTimeout(idleTimeout)
                .pingInterval(pingInterval)
                .pongTimeout(pongTimeout)
                .allowedOrigins(allowedOrigins);
        if (address != null) {
            builder.bindAddress(address);
        }
        if (eventLoops != null) {
            builder.eventLoops(eventLoops);
        }
        if (maxFrameSize != null) {
            builder.maxFrameSize(maxFrameSize.toBytes());
        }
        return builder;
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePositive(Duration value, String name) {
        require(value != null && !value.isNegative() && !value.isZero(), name + " must be positive");
    }
}
