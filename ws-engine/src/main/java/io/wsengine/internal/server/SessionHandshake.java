package io.wsengine.internal.server;

import io.wsengine.HandshakeResult;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.HttpRequestHead;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The opening handshake of a connection that reads its own upgrade request: reading the request
 * head, deciding it (at once, or later when an interceptor defers), and then refusing it or opening
 * the session. {@link Connection} adds the reading, writing and timers. Event loop only.
 */
abstract class SessionHandshake extends SessionInput {
    private static final ByteBuffer NOTHING_LEFT = ByteBuffer.allocate(0);

    /** The upgrade request being read and decided; null once the session is open or refused. */
    private UpgradePhase upgrade;

    SessionHandshake(EventLoop loop, ServerContext server, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress) {
        super(loop, server, remoteAddress, localAddress);
    }

    /** Opens the session the outcome accepted. */
    abstract void open(Handshaker.Outcome outcome);

    /** Reads the peer's frames from the buffer. */
    abstract void readFrames(ByteBuffer buffer);

    /** Gives the loop back a frame reader left between messages. */
    abstract void returnReaderAtRest();

    /** Tells the transport what the connection waits for now. */
    abstract void updateInterest();

    void beginUpgrade() {
        upgrade = new UpgradePhase(server.config.maxHandshakeSize());
    }

    /** Reads the upgrade request's bytes from the buffer, and decides the request once its head is complete. */
    void readUpgrade(ByteBuffer buffer, Transport transport) {
        HttpRequestHead head;
        try {
            head = upgrade.parse(buffer);
        } catch (BadRequestException e) {
            upgrade = null;
            refuse(Handshaker.reject(e.status(), e.getMessage(), Map.of()));
            return;
        }
        if (head != null) {
            tlsSession = transport.tlsSession();
            decided(server.handshaker.decide(head, remoteAddress, tlsSession), buffer);
        }
    }

    /** {@return true while an interceptor's deferred decision is awaited: the connection reads nothing meanwhile} */
    boolean awaitingDecision() {
        return upgrade != null && upgrade.awaiting();
    }

    /** Acts on the handshake's outcome; {@code rest} holds what the client sent after its request head. */
    private void decided(Handshaker.Outcome outcome, ByteBuffer rest) {
        if (outcome.deferred()) {
            upgrade.await(outcome, rest);
            updateInterest(); // read nothing more until the decision: the client waits for the response
            outcome.chain().awaited().whenComplete(
                    (result, failure) -> loop.execute(() -> decisionCame(outcome, result, failure)));
            return;
        }
        upgrade = null;
        if (!outcome.accepted()) {
            refuse(outcome);
            return;
        }
        open(outcome);
    }

    /** An interceptor's deferred decision came; ignored when the connection has moved on (timed out, closed). */
    private void decisionCame(Handshaker.Outcome deferred, HandshakeResult result, Throwable failure) {
        if (state != State.HANDSHAKE || closeQueued || upgrade == null || !upgrade.awaits(deferred)) {
            return;
        }
        UpgradePhase phase = upgrade;
        phase.decided();
        decided(server.handshaker.resume(deferred, result, failure), NOTHING_LEFT);
        ByteBuffer early = state == State.OPEN ? phase.early() : null;
        if (early != null) {
            readFrames(early);
            returnReaderAtRest();
        }
        if (state != State.CLOSED) {
            updateInterest();
        }
    }

    private void refuse(Handshaker.Outcome refused) {
        if (server.events != null) {
            server.events.refused(refused.refusal().status());
        }
        ByteBuffer response = refused.response();
        failing = true;
        closeQueued = true;
        deadline = 0; // the close timer's from now on
        outbound.offer(new OutboundFrame(OutboundFrame.Kind.FINAL, response));
        scheduleFlush();
    }
}
