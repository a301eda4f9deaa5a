package io.wsengine.internal.server;

import io.wsengine.HandshakeRequest;
import io.wsengine.WsServerConfig;
import io.wsengine.internal.http.HttpRequestHead;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** The engine's {@link Handshaker}, for tests outside this package (the fuzz tests): its decision on a request head. */
public final class HandshakeDecisions {
    /**
     * @param response    the bytes to write back, whatever the decision
     * @param request     for an accepted upgrade, what the session keeps of the request; else null
     * @param compactHead for an accepted upgrade, the head as the session keeps it; else null
     */
    public record Decision(ByteBuffer response, boolean accepted, String subprotocol, HandshakeRequest request,
                           byte[] compactHead) {
    }

    private final Handshaker handshaker;

    public HandshakeDecisions(WsServerConfig config) {
        this.handshaker = new Handshaker(config);
    }

    public Decision decide(HttpRequestHead head, InetSocketAddress remoteAddress) {
        Handshaker.Outcome outcome = handshaker.decide(head, remoteAddress, null);
        return new Decision(outcome.response(), outcome.accepted(), outcome.subprotocol(), outcome.request(),
                outcome.accepted() ? outcome.request().compactHead() : null);
    }
}
