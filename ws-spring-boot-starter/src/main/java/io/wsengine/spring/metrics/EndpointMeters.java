package io.wsengine.spring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.wsengine.CloseStatus;
import io.wsengine.MessageCounts;
import io.wsengine.WsServer;
import io.wsengine.WsServerListener.ClosedBy;
import io.wsengine.WsServerListener.SendFailure;
import io.wsengine.WsSession;
import io.wsengine.spring.support.EndpointMethodKind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The meters of one endpoint (one path template), resolved once when the endpoint is first seen, so
 * that counting an event is a field read and an increment: no tags are built and nothing is looked up
 * in the registry. Messages and their bytes are not even that: the engine counts them, and these
 * meters read its counts when scraped.
 */
final class EndpointMeters {
    private static final NoPauseDetector NO_PAUSE_DETECTION = new NoPauseDetector();
    final String template;
    private final MeterRegistry registry;
    private final Tags tags;

    final AtomicInteger active = new AtomicInteger();
    /** The paused sessions, not a count: a session closed while paused leaves the set with its close. */
    final Set<WsSession> paused = ConcurrentHashMap.newKeySet();

    final Counter opened;
    final Counter pongsLate;
    final Counter pingsSent;
    private final Counter[] sendFailures = new Counter[SendFailure.values().length];
    /** By kind, then success (0) or error (1). */
    private final Timer[][] invocations = new Timer[EndpointMethodKind.values().length][2];
    /** By close code and who closed first; met once per session, not per message. */
    private final Map<Integer, Counter> closed = new ConcurrentHashMap<>();

    /** @param server the running server or null, read when a gauge of queued bytes is scraped */
    EndpointMeters(MeterRegistry registry, String template, Supplier<WsServer> server) {
        this.template = template;
        this.registry = registry;
        this.tags = Tags.of(WsMeterNames.TAG_ENDPOINT, template);
        opened = counter(WsMeterNames.SESSIONS_OPENED, null, "sessions opened", Tags.empty());
        // The engine counts messages itself, on its loops; these read its counts when scraped, so a
        // message costs the meters nothing.
        Tags text = Tags.of(WsMeterNames.TAG_TYPE, "text");
        Tags binary = Tags.of(WsMeterNames.TAG_TYPE, "binary");
        String received = "whole messages received";
        String receivedBytes = "payload bytes received";
        String sent = "messages queued to send";
        String sentBytes = "payload bytes queued to send";
        engineCount(WsMeterNames.MESSAGES_RECEIVED, null, received, text, server, MessageCounts::textMessagesReceived);
        engineCount(WsMeterNames.MESSAGES_RECEIVED, null, received, binary, server, MessageCounts::binaryMessagesReceived);
        engineCount(WsMeterNames.BYTES_RECEIVED, "bytes", receivedBytes, text, server, MessageCounts::textBytesReceived);
        engineCount(WsMeterNames.BYTES_RECEIVED, "bytes", receivedBytes, binary, server, MessageCounts::binaryBytesReceived);
        engineCount(WsMeterNames.MESSAGES_SENT, null, sent, text, server, MessageCounts::textMessagesSent);
        engineCount(WsMeterNames.MESSAGES_SENT, null, sent, binary, server, MessageCounts::binaryMessagesSent);
        engineCount(WsMeterNames.BYTES_SENT, "bytes", sentBytes, text, server, MessageCounts::textBytesSent);
        engineCount(WsMeterNames.BYTES_SENT, "bytes", sentBytes, binary, server, MessageCounts::binaryBytesSent);
        pongsLate = counter(WsMeterNames.PONGS_LATE, null, "sessions whose pong did not come in time", Tags.empty());
        pingsSent = counter(WsMeterNames.PINGS_SENT, null, "pings sent for the ping interval", Tags.empty());
        for (SendFailure failure : SendFailure.values()) {
            sendFailures[failure.ordinal()] = counter(WsMeterNames.SENDS_FAILED, null, "sends that failed at once",
                    Tags.of(WsMeterNames.TAG_CAUSE, failure.name().toLowerCase(Locale.ROOT)));
        }
        for (EndpointMethodKind kind : EndpointMethodKind.values()) {
            for (int outcome = 0; outcome < 2; outcome++) {
                invocations[kind.ordinal()][outcome] = Timer.builder(WsMeterNames.INVOCATIONS)
                        .description("time in the endpoint's annotated methods (arguments decoded before)")
                        .tags(tags).tag(WsMeterNames.TAG_METHOD, kind.tagValue())
                        .tag(WsMeterNames.TAG_OUTCOME, outcome == 0 ? "success" : "error")
                        // calls take microseconds and come by the million: the clock-drift pause detector's
                        // interval bookkeeping on every record would cost more than the call's own timing
                        .pauseDetector(NO_PAUSE_DETECTION)
                        .register(registry);
            }
        }
        Gauge.builder(WsMeterNames.SESSIONS_ACTIVE, active, AtomicInteger::get).tags(tags)
                .description("open sessions").strongReference(true).register(registry);
        Gauge.builder(WsMeterNames.SESSIONS_PAUSED, paused, Set::size).tags(tags)
                .description("sessions the server does not read from (backpressure or pauseReading)")
                .strongReference(true).register(registry);
        // summed when scraped, never per message: one pass over the endpoint's sessions per scrape
        Gauge.builder(WsMeterNames.BYTES_QUEUED, server, s -> queuedBytes(s.get(), template)).tags(tags)
                .baseUnit("bytes").description("bytes accepted by sends and not yet written to the sockets")
                .strongReference(true).register(registry);
    }

    private static double queuedBytes(WsServer server, String template) {
        if (server == null) {
            return 0;
        }
        long sum = 0;
        for (WsSession session : server.sessions(template)) {
            sum += session.bufferedAmount();
        }
        return sum;
    }

    private void engineCount(String name, String unit, String description, Tags extra, Supplier<WsServer> server,
            ToLongFunction<MessageCounts> count) {
        FunctionCounter.builder(name, server, s -> {
            WsServer running = s.get();
            return running == null ? 0 : count.applyAsLong(running.messageCounts(template));
        }).baseUnit(unit).description(description).tags(tags).tags(extra).register(registry);
    }

    private Counter counter(String name, String unit, String description, Tags extra) {
        return Counter.builder(name).baseUnit(unit).description(description).tags(tags).tags(extra).register(registry);
    }

    void sendFailed(SendFailure failure) {
        sendFailures[failure.ordinal()].increment();
    }

    Timer invocations(EndpointMethodKind kind, boolean failed) {
        return invocations[kind.ordinal()][failed ? 1 : 0];
    }

    void closed(WsSession session, CloseStatus status, ClosedBy closedBy) {
        active.decrementAndGet();
        paused.remove(session);
        int code = status == null ? CloseStatus.NO_STATUS_RECEIVED.code() : status.code();
        closed.computeIfAbsent(code * ClosedBy.values().length + closedBy.ordinal(), key -> counter(
                WsMeterNames.SESSIONS_CLOSED, null, "sessions closed",
                Tags.of(WsMeterNames.TAG_CODE, Integer.toString(code),
                        WsMeterNames.TAG_CLOSED_BY, closedBy.name().toLowerCase(Locale.ROOT)))).increment();
    }
}
