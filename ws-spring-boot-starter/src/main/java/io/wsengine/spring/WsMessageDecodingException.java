package io.wsengine.spring;

/**
 * A text message could not be decoded into the type an {@link OnTextMessage} method takes. It reaches
 * the endpoint's {@link OnError} method, if one takes it; otherwise the session closes with
 * {@code 1007}.
 */
public class WsMessageDecodingException extends RuntimeException {
    /**
     * Creates the exception an {@link OnError} method is given for an undecodable message.
     *
     * @param message which method could not decode the message into which type, and why
     * @param cause   the JSON mapper's exception
     */
    public WsMessageDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
