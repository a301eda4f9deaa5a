package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.WsHandler;
import io.wsengine.WsSession;
import io.wsengine.internal.deflate.DeflateParameters;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Test only: a handler that gives each session a permessage-deflate agreement as it opens, as the
 * handshake's negotiation will, and then hands every callback to another. {@code onOpen} runs on the
 * loop before any frame of the session is read or sent, where the negotiation sets it too.
 */
final class AgreedCompression implements WsHandler {
    private final DeflateParameters agreed;
    private final WsHandler handler;

    AgreedCompression(DeflateParameters agreed, WsHandler handler) {
        this.agreed = agreed;
        this.handler = handler;
    }

    /** Both sides keep their contexts: what a client offering nothing else gets. */
    static DeflateParameters withTakeover() {
        return new DeflateParameters(false, false, 15, 15);
    }

    /** Neither side keeps a context. */
    static DeflateParameters withoutTakeover() {
        return new DeflateParameters(true, true, 15, 15);
    }

    @Override
    public void onOpen(WsSession session) {
        ((SessionOutput) session).deflate = agreed;
        handler.onOpen(session);
    }

    @Override
    public void onText(WsSession session, String text) {
        handler.onText(session, text);
    }

    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
        handler.onBinary(session, data);
    }

    @Override
    public void onPong(WsSession session, ByteBuffer payload) {
        handler.onPong(session, payload);
    }

    @Override
    public CompletionStage<?> onClosing(WsSession session) {
        return handler.onClosing(session);
    }

    @Override
    public void onClose(WsSession session, CloseStatus status) {
        handler.onClose(session, status);
    }

    @Override
    public void onError(WsSession session, Throwable failure) {
        handler.onError(session, failure);
    }
}
