package io.wsengine;

/**
 * What the server reports as it runs, for metrics and logs: set one with
 * {@link WsServerConfig.Builder#listener}. Every method has an empty default, so a listener implements
 * only what it counts. The server calls it inline, on an event loop for most events and on the sending
 * thread for sends (any thread), so a method must be quick and must not block; what it throws is
 * logged and ignored. Without a listener the server makes none of these calls and allocates nothing
 * for them.
 */
public interface WsServerListener {

    /** Who closed a session first. */
    enum ClosedBy {
        /** the client sent the first close frame */
        CLIENT,
        /** the server did: the application, a limit, a timeout, a dead peer, the shutdown */
        SERVER,
        /** neither: the connection ended without a close frame (a reset, an end of stream) */
        CONNECTION
    }

    /** Why a send failed at once. */
    enum SendFailure {
        /** the session was closed or closing */
        CLOSED,
        /** the outbound buffer was over its limit and the session closes {@code 1008} */
        OVER_LIMIT,
        /** the outbound buffer was over its limit and the message was dropped ({@link OverflowPolicy#DROP}) */
        DROPPED
    }

    /**
     * A session opened.
     *
     * @param session the session; {@link WsSession#routePath()} is its endpoint's template
     */
    default void sessionOpened(WsSession session) {
    }

    /**
     * A session closed, after its {@link WsHandler#onClose}.
     *
     * @param session  the session
     * @param status   the status {@code onClose} saw
     * @param closedBy who closed it first
     */
    default void sessionClosed(WsSession session, CloseStatus status, ClosedBy closedBy) {
    }

    /**
     * An upgrade was refused.
     *
     * @param status the HTTP status of the answer, such as 403 or 404
     */
    default void handshakeRefused(int status) {
    }

    /**
     * A whole message came from the client, before its handler runs. The server calls this, and
     * {@link #messageSent}, only on listeners that override them; to count messages, read
     * {@link WsServer#messageCounts(String)} instead, which costs the messages nothing.
     *
     * @param session the session
     * @param text    whether it is text (else binary)
     * @param bytes   its payload's size
     */
    default void messageReceived(WsSession session, boolean text, int bytes) {
    }

    /**
     * A message was queued to go out (it is written soon after, by the session's event loop).
     *
     * @param session the session
     * @param text    whether it is text (else binary)
     * @param bytes   its payload's size: what the send added to the session's outbound bytes, but its
     *                frame header
     */
    default void messageSent(WsSession session, boolean text, int bytes) {
    }

    /**
     * A send failed at once: it was not queued.
     *
     * @param session the session
     * @param failure why
     */
    default void sendFailed(WsSession session, SendFailure failure) {
    }

    /**
     * The server stopped reading from a session: asked by the application
     * ({@link WsSession#pauseReading}) or for its outbound bytes ({@link OverflowPolicy#PAUSE_READING}).
     *
     * @param session the session
     */
    default void readingPaused(WsSession session) {
    }

    /**
     * The server reads from a session again.
     *
     * @param session the session
     */
    default void readingResumed(WsSession session) {
    }

    /**
     * The server pinged a session for its ping interval.
     *
     * @param session the session
     */
    default void pingSent(WsSession session) {
    }

    /**
     * A session's pong did not come within the pong timeout: it is released as a dead peer
     * ({@code 1006}), and {@link #sessionClosed} follows.
     *
     * @param session the session
     */
    default void pongLate(WsSession session) {
    }

    /**
     * A TLS handshake completed (on a {@code wss://} server), before the HTTP upgrade.
     *
     * @param protocol the protocol agreed, such as {@code TLSv1.3}
     */
    default void tlsHandshakeCompleted(String protocol) {
    }

    /**
     * A TLS handshake failed or was abandoned: a bad certificate, no common protocol or cipher, a client
     * that closed or sent something else. The connection is closed.
     */
    default void tlsHandshakeFailed() {
    }
}
