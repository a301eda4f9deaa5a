package io.wsengine;

/**
 * What happens when a send would take a session's unwritten bytes past the outbound limit
 * ({@link WsServerConfig.Builder#maxOutboundBuffer}): the peer reads slower than the application sends.
 */
public enum OverflowPolicy {
    /**
     * The send fails with {@link OutboundLimitExceededException}, so do the sends not yet begun, and
     * the session closes {@code 1008}. The default: a peer that cannot keep up is cut off.
     */
    CLOSE,
    /**
     * The new message is dropped and counted ({@link WsServer#droppedMessages()}); its future fails
     * with {@link MessageDroppedException}. The session stays open and what was queued before still
     * goes out. Suits feeds where a newer message replaces an older one.
     */
    DROP,
    /**
     * The message is queued, and the server stops reading from the peer (after the read in progress)
     * until its unwritten bytes drain to half the limit: TCP then slows a client that sends requests
     * and nothing is lost. Suits request/response endpoints such as echo. Messages that do not come
     * from reading (broadcasts) could still grow the buffer, so past twice the limit the session
     * closes {@code 1008} as with {@link #CLOSE}.
     */
    PAUSE_READING
}
