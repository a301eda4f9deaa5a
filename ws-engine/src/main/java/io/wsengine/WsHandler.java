package io.wsengine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives the events of the sessions of one route. All callbacks of one session run one at a time,
 * in wire order, on the session's event loop thread: they must not block. An exception thrown from
 * {@link #onOpen}, {@link #onText}, {@link #onBinary} or {@link #onPong} is passed to
 * {@link #onError}, and the session closes with {@code 1011}; one thrown from {@link #onClosing} or
 * {@link #onClose} is only logged. Every method has a default that does nothing (or logs, for
 * {@link #onError}): implement those you need. One handler serves every session of its route, so
 * keep per-session state in {@link WsSession#attributes()}, not in fields.
 */
public interface WsHandler {

    /**
     * The handshake succeeded; the session can send. The first callback of a session.
     *
     * @param session the new session
     */
    default void onOpen(WsSession session) {
    }

    /**
     * A whole text message, already checked to be valid UTF-8 and to fit the message size limit.
     *
     * @param session the session it came on
     * @param text    the message, fragments joined
     */
    default void onText(WsSession session, String text) {
    }

    /**
     * A whole binary message, fitting the message size limit.
     *
     * @param session the session it came on
     * @param data    the message, fragments joined, from position 0 to its limit; a heap buffer that
     *                the engine never touches again, so the handler may keep or change it
     */
    default void onBinary(WsSession session, ByteBuffer data) {
    }

    /**
     * A pong arrived, solicited by {@link WsSession#ping} or not. Pings from the peer need no
     * handling: the engine answers them.
     *
     * @param session the session it came on
     * @param payload the pong's application data, at most 125 bytes; the handler's to keep
     */
    default void onPong(WsSession session, ByteBuffer payload) {
    }

    /**
     * The peer sent a close frame, or broke the protocol, and the session is about to send its close
     * frame. Reading has stopped; sending still works. A handler that hands messages to other
     * threads returns a stage that completes once its replies to the messages it was given are
     * sent (queued): the close frame waits for it, at most the server's close timeout, so the peer
     * gets every reply to what it sent before the close. The default returns null: every reply of a
     * handler that answers in its callbacks is queued already, and the close frame goes at once.
     *
     * @param session the session being closed by the peer or for the peer's protocol violation
     * @return a stage that completes once the replies are queued, or null to close at once; how it
     *         completes (normally or not) does not matter
     */
    default CompletionStage<?> onClosing(WsSession session) {
        return null;
    }

    /**
     * The session has ended: the connection is closed, the session has left its groups, and sends
     * fail with {@link WsSessionClosedException}. Called exactly once per opened session, whoever
     * closed it (the peer, the application, a limit, a timeout or the server's stop), and the last
     * callback of the session.
     *
     * @param session the session that ended
     * @param status the code of the close handshake's first close frame; {@code 1006} when the
     *               connection ended without one
     */
    default void onClose(WsSession session, CloseStatus status) {
    }

    /**
     * A callback threw; the session closes with {@code 1011} after this returns. The default logs
     * the failure (through {@link System.Logger}) so that it is never lost silently. An exception
     * thrown from here is logged too, and the session still closes.
     *
     * @param session the session whose callback threw
     * @param failure what {@link #onOpen}, {@link #onText}, {@link #onBinary} or {@link #onPong} threw
     */
    default void onError(WsSession session, Throwable failure) {
        System.getLogger(WsHandler.class.getName())
                .log(System.Logger.Level.WARNING, "handler of " + session + " failed; closing with 1011", failure);
    }
}
