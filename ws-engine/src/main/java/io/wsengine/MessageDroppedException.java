package io.wsengine;

/**
 * A message was dropped because the session's outbound buffer was full, under
 * {@link OverflowPolicy#DROP}: the session is still open, and later sends may go through.
 */
public class MessageDroppedException extends RuntimeException {
    /**
     * Creates the exception the engine fails a dropped send with.
     *
     * @param message what was dropped, naming the session and the limit
     */
    public MessageDroppedException(String message) {
        super(message);
    }
}
