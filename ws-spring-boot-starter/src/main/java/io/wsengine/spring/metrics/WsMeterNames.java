package io.wsengine.spring.metrics;

/**
 * The names and tag keys of the meters the starter registers (see the README's "Metrics and tracing"
 * for what each counts). Every per-endpoint meter is tagged {@value #TAG_ENDPOINT} with the endpoint's
 * path template ({@code /chat/{room}}), never the path a client asked for.
 */
public final class WsMeterNames {
    /** Gauge: open sessions. */
    public static final String SESSIONS_ACTIVE = "ws.server.sessions.active";
    /** Counter: sessions opened. */
    public static final String SESSIONS_OPENED = "ws.server.sessions.opened";
    /** Counter: sessions closed, tagged {@value #TAG_CODE} and {@value #TAG_CLOSED_BY}. */
    public static final String SESSIONS_CLOSED = "ws.server.sessions.closed";
    /** Gauge: sessions the server does not read from. */
    public static final String SESSIONS_PAUSED = "ws.server.sessions.paused";
    /** Counter: upgrades refused, tagged {@value #TAG_STATUS} only (a refusal may have no endpoint). */
    public static final String HANDSHAKES_REFUSED = "ws.server.handshakes.refused";
    /** Counter: TLS handshakes (wss://), tagged {@value #TAG_OUTCOME} and {@value #TAG_PROTOCOL}. */
    public static final String TLS_HANDSHAKES = "ws.server.tls.handshakes";
    /** Tag: the TLS protocol agreed, such as TLSv1.3; "none" for a failed handshake. */
    public static final String TAG_PROTOCOL = "protocol";
    /** Counter: whole messages received, tagged {@value #TAG_TYPE}. */
    public static final String MESSAGES_RECEIVED = "ws.server.messages.received";
    /** Counter: messages queued to send, tagged {@value #TAG_TYPE}. */
    public static final String MESSAGES_SENT = "ws.server.messages.sent";
    /** Counter: payload bytes received, tagged {@value #TAG_TYPE}. */
    public static final String BYTES_RECEIVED = "ws.server.bytes.received";
    /** Counter: payload bytes queued to send, tagged {@value #TAG_TYPE}. */
    public static final String BYTES_SENT = "ws.server.bytes.sent";
    /** Gauge: bytes accepted by sends and not yet written, summed over the sessions when scraped. */
    public static final String BYTES_QUEUED = "ws.server.bytes.queued";
    /** Counter: sends that failed at once, tagged {@value #TAG_CAUSE}. */
    public static final String SENDS_FAILED = "ws.server.sends.failed";
    /** Counter: sessions released because their pong came too late. */
    public static final String PONGS_LATE = "ws.server.pongs.late";
    /** Counter: pings sent for the ping interval. */
    public static final String PINGS_SENT = "ws.server.pings.sent";
    /** Timer: endpoint method calls, tagged {@value #TAG_METHOD} and {@value #TAG_OUTCOME}. */
    public static final String INVOCATIONS = "ws.server.endpoint.invocations";
    /** Gauge: how late an event loop's timer tick runs now, in seconds. */
    public static final String LOOP_LAG = "ws.server.loop.lag";
    /** Gauge: the largest lag of an event loop in the last 10 to 20 seconds, in seconds. */
    public static final String LOOP_LAG_MAX = "ws.server.loop.lag.max";

    /** Function counter (as the other cluster ones, when there is a bus): messages published to the bus. */
    public static final String CLUSTER_PUBLISHED = "ws.cluster.messages.published";
    /** Messages the bus delivered to this node. */
    public static final String CLUSTER_RECEIVED = "ws.cluster.messages.received";
    /** Publications that failed. */
    public static final String CLUSTER_PUBLISH_FAILURES = "ws.cluster.publish.failures";
    /** Publications dropped because too many were in flight. */
    public static final String CLUSTER_DROPPED = "ws.cluster.messages.dropped";
    /** Envelopes received that could not be read. */
    public static final String CLUSTER_MALFORMED = "ws.cluster.messages.malformed";

    /** The endpoint's path template. */
    public static final String TAG_ENDPOINT = "endpoint";
    /** Tag: the event loop's thread name, such as {@code ws-loop-0}. */
    public static final String TAG_LOOP = "loop";
    /** {@code text} or {@code binary}. */
    public static final String TAG_TYPE = "type";
    /** The close code, such as {@code 1000}. */
    public static final String TAG_CODE = "code";
    /** {@code client}, {@code server} or {@code connection}: who closed first. */
    public static final String TAG_CLOSED_BY = "closed.by";
    /** The HTTP status of a refusal, such as {@code 403}. */
    public static final String TAG_STATUS = "status";
    /** {@code closed}, {@code over_limit} or {@code dropped}. */
    public static final String TAG_CAUSE = "cause";
    /** {@code open}, {@code text}, {@code binary}, {@code close} or {@code error}. */
    public static final String TAG_METHOD = "method";
    /** {@code success} or {@code error} (the method threw). */
    public static final String TAG_OUTCOME = "outcome";

    private WsMeterNames() {
    }
}
