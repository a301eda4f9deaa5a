package io.wsengine;

/**
 * A send would have taken the session's outbound buffer past its limit
 * ({@link WsServerConfig.Builder#maxOutboundBuffer}): the peer reads slower than the application
 * sends. The session closes with {@code 1008}.
 */
public class OutboundLimitExceededException extends WsSessionClosedException {
    public OutboundLimitExceededException(String message) {
        super(message);
    }
}
