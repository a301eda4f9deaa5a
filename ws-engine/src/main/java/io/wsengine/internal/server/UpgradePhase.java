package io.wsengine.internal.server;

import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import java.nio.ByteBuffer;

/**
 * A connection's upgrade request while it is read and decided: the parser of its head, and, while an
 * interceptor decides later, the outcome that waits and any bytes the client sent after its head.
 * Dropped once the session opens or the upgrade is refused, so an open session does not keep it.
 */
final class UpgradePhase {
    private final HttpRequestParser parser;
    private Handshaker.Outcome deferred;
    /** Frames sent before the response: a client must not (RFC 6455 section 4.1), but one that does is not lost. */
    private ByteBuffer early;

    UpgradePhase(int maxHandshakeSize) {
        this.parser = new HttpRequestParser(maxHandshakeSize);
    }

    /** {@return the request's head once it is complete, or null while more is needed} */
    HttpRequestHead parse(ByteBuffer buffer) throws BadRequestException {
        return parser.parse(buffer);
    }

    /** Waits for the deferred outcome's decision, keeping what is left in the buffer after the head. */
    void await(Handshaker.Outcome outcome, ByteBuffer rest) {
        deferred = outcome;
        keep(rest);
    }

    /** {@return true while an interceptor's decision is awaited} */
    boolean awaiting() {
        return deferred != null;
    }

    /** {@return true when this is the outcome still awaited: not one whose connection moved on} */
    boolean awaits(Handshaker.Outcome outcome) {
        return deferred == outcome;
    }

    /** The decision came: nothing is awaited any more. */
    void decided() {
        deferred = null;
    }

    /** {@return the bytes kept from after the head, ready to read, or null for none} */
    ByteBuffer early() {
        return early == null ? null : early.flip();
    }

    private void keep(ByteBuffer rest) {
        if (!rest.hasRemaining()) {
            return;
        }
        if (early == null) {
            early = ByteBuffer.allocate(rest.remaining());
        } else if (early.remaining() < rest.remaining()) {
            early = ByteBuffer.allocate(early.position() + rest.remaining()).put(early.flip());
        }
        early.put(rest);
    }
}
