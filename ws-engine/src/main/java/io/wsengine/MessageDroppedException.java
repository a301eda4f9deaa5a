package io.wsengine;

/**
 * A message was dropped because the session's outbound buffer was full, under
 * {@link OverflowPolicy#DROP}: the session is still open, and later sends may go through.
 */
public class MessageDroppedException extends RuntimeException {
    public MessageDroppedException(String message) {
        super(message);
    }
}
