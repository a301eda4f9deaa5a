package io.wsengine;

/** A send could not be written because the session had closed or was closing. */
public class WsSessionClosedException extends IllegalStateException {
    /**
     * Creates the exception the engine fails a send with.
     *
     * @param message what was refused, naming the session
     */
    public WsSessionClosedException(String message) {
        super(message);
    }

    /** No stack trace: it would only show the event loop that noticed the close, at a cost per session. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
