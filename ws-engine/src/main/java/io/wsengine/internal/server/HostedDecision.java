package io.wsengine.internal.server;

import io.wsengine.HostedChannel;
import io.wsengine.HostedConnection;
import io.wsengine.HostedRequest;
import io.wsengine.internal.http.AcceptKey;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import io.wsengine.internal.http.HttpResponses;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's decision on an upgrade request that a host received ({@link HostedRequest}): the same
 * checks, routing, origin policy and interceptors as on the engine's own port, the host's request
 * head being written out again for the engine's parser. Behind {@link io.wsengine.HostedUpgrade}.
 */
public final class HostedDecision {
    private final Engine engine;
    private final HostedRequest request;
    private final Handshaker.Outcome outcome;
    private final AtomicBoolean opened = new AtomicBoolean();

    private HostedDecision(Engine engine, HostedRequest request, Handshaker.Outcome outcome) {
        this.engine = engine;
        this.request = request;
        this.outcome = outcome;
        ServerEvents events = engine.context().events;
        if (events != null && !outcome.accepted()) {
            events.refused(outcome.refusal().status()); // the host answers it, with this status
        }
    }

    /**
     * Decides the request; a deferred interceptor's decision completes the stage later, on whatever
     * thread completes the interceptor's stage.
     *
     * @param engine  the running engine
     * @param request the host's request
     * @return the decision
     */
    static CompletionStage<HostedDecision> decide(Engine engine, HostedRequest request) {
        ServerContext server = engine.context();
        HttpRequestHead head;
        try {
            head = new HttpRequestParser(server.config.maxHandshakeSize()).parse(ByteBuffer.wrap(rawHead(request)));
        } catch (BadRequestException e) {
            return CompletableFuture.completedFuture(new HostedDecision(engine, request,
                    Handshaker.reject(e.status(), e.getMessage(), Map.of())));
        }
        Handshaker.Outcome outcome = server.handshaker.decide(head, request.remoteAddress(), null, true,
                request.principal());
        return settle(server.handshaker, outcome).thenApply(settled -> new HostedDecision(engine, request, settled));
    }

    private static CompletionStage<Handshaker.Outcome> settle(Handshaker handshaker, Handshaker.Outcome outcome) {
        if (!outcome.deferred()) {
            return CompletableFuture.completedFuture(outcome);
        }
        return outcome.chain().awaited()
                .handle((result, failure) -> handshaker.resume(outcome, result, failure))
                .thenCompose(next -> settle(handshaker, next));
    }

    /** The request as it came on the wire, near enough for the engine's parser: the host parsed it already. */
    private static byte[] rawHead(HostedRequest request) {
        StringBuilder head = new StringBuilder(512)
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> header : request.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@return true when the host should switch protocols} */
    public boolean accepted() {
        return outcome.accepted();
    }

    /** {@return 101, or the refusal's status} */
    public int status() {
        return outcome.accepted() ? 101 : outcome.refusal().status();
    }

    /** {@return the refusal's body text, its reason phrase when it set none; empty when accepted} */
    public String message() {
        if (outcome.accepted()) {
            return "";
        }
        String message = outcome.refusal().message();
        return message == null || message.isEmpty() ? HttpResponses.reasonPhrase(status()) : message;
    }

    /** {@return the response headers for the host to set} */
    public Map<String, String> headers() {
        if (!outcome.accepted()) {
            return outcome.refusal().headers();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Accept", AcceptKey.accept(outcome.acceptKey()));
        if (outcome.subprotocol() != null) {
            headers.put("Sec-WebSocket-Protocol", outcome.subprotocol());
        }
        if (outcome.extensions() != null) {
            headers.put("Sec-WebSocket-Extensions", outcome.extensions());
        }
        return headers;
    }

    /**
     * Runs the session over the host's connection.
     *
     * @param channel the upgraded connection
     * @return where the host reports readiness and failure
     * @throws IllegalStateException when refused, opened before, or the engine has stopped
     */
    public HostedConnection open(HostedChannel channel) {
        if (!outcome.accepted()) {
            throw new IllegalStateException("the upgrade was refused with " + status() + ": there is no session to open");
        }
        if (!opened.compareAndSet(false, true)) {
            throw new IllegalStateException("this upgrade's session was opened already");
        }
        return engine.openHosted(outcome, channel, request.remoteAddress(), request.localAddress());
    }
}
