package io.wsengine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives the events of the sessions of one route. All callbacks of one session run one at a time,
 * in wire order, on the session's event loop thread: they must not block. An exception thrown from
 * any callback but {@link #onError} is passed to {@link #onError}, and the session closes with
 * {@code 1011}.
 */
public interface WsHandler {

    /** The handshake succeeded; the session can send. */
    default void onOpen(WsSession session) {
    }

    /** A whole text message, already checked to be valid UTF-8. */
    default void onText(WsSession session, String text) {
    }

    /** A whole binary message; the buffer is the handler's to keep. */
    default void onBinary(WsSession session, ByteBuffer data) {
    }

    /** A pong arrived, solicited by {@link WsSession#ping} or not. */
    default void onPong(WsSession session, ByteBuffer payload) {
    }

    /**
     * The peer sent a close frame, or broke the protocol, and the session is about to send its close
     * frame. Reading has stopped; sending still works. A handler that hands messages to other
     * threads returns a stage that completes once its replies to the messages it was given are
     * sent (queued): the close frame waits for it, at most the server's close timeout, so the peer
     * gets every reply to what it sent before the close. The default returns null: every reply of a
     * handler that answers in its callbacks is queued already, and the close frame goes at once.
     */
    default CompletionStage<?> onClosing(WsSession session) {
        return null;
    }

    /**
     * The session has ended; called exactly once per opened session.
     *
     * @param status the code of the close handshake's first close frame; {@code 1006} when the
     *               connection ended without one
     */
    default void onClose(WsSession session, CloseStatus status) {
    }

    /**
     * A callback threw; the session closes with {@code 1011} after this returns. The default logs
     * the failure (through {@link System.Logger}) so that it is never lost silently.
     */
    default void onError(WsSession session, Throwable failure) {
        System.getLogger(WsHandler.class.getName())
                .log(System.Logger.Level.WARNING, "handler of " + session + " failed; closing with 1011", failure);
    }
}
