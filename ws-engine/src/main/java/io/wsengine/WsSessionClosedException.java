package io.wsengine;

/** A send could not be written because the session had closed or was closing. */
public class WsSessionClosedException extends IllegalStateException {
    public WsSessionClosedException(String message) {
        super(message);
    }
}
