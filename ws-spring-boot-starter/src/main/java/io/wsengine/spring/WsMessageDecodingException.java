package io.wsengine.spring;

/** A text message could not be decoded into the type an {@link OnTextMessage} method takes. */
public class WsMessageDecodingException extends RuntimeException {
    public WsMessageDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
