package io.wsengine;

/**
 * A send would have taken the session's outbound buffer past its limit
 * ({@link WsServerConfig.Builder#maxOutboundBuffer}; twice it under
 * {@link OverflowPolicy#PAUSE_READING}): the peer reads slower than the application sends. The
 * session closes with {@code 1008}, and the sends queued but not yet begun fail with this too.
 */
public class OutboundLimitExceededException extends WsSessionClosedException {
    /**
     * Creates the exception the engine fails a refused send with.
     *
     * @param message what was refused, naming the session and the limit
     */
    public OutboundLimitExceededException(String message) {
        super(message);
    }
}
