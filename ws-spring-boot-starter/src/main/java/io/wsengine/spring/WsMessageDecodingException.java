package io.wsengine.spring;

/**
 * A text message could not be decoded into the type an {@link OnTextMessage} method takes. It reaches
 * the endpoint's {@link OnError} method, if one takes it; otherwise the session closes with
 * {@code 1007}. The {@linkplain #getMessage() message} names the method, the type and the parser's
 * complaint, for the application's logs; {@link #clientMessage()} is what may be told to the client
 * that sent it.
 */
public class WsMessageDecodingException extends RuntimeException {
    /** What the starter says to a client whose message could not be decoded. */
    public static final String CLIENT_MESSAGE = "message could not be decoded";

    /** What may be told to the client; see {@link #clientMessage()}. */
    private final String clientMessage;

    /**
     * Creates the exception an {@link OnError} method is given for an undecodable message, with
     * {@link #CLIENT_MESSAGE} for the client.
     *
     * @param message which method could not decode the message into which type, and why: for logs
     * @param cause   the JSON mapper's exception
     */
    public WsMessageDecodingException(String message, Throwable cause) {
        this(message, CLIENT_MESSAGE, cause);
    }

    /**
     * Creates the exception with a description of its own for the client.
     *
     * @param message       the detail, for logs
     * @param clientMessage a short description without class names or parser details, safe to send
     * @param cause         the JSON mapper's exception
     */
    public WsMessageDecodingException(String message, String clientMessage, Throwable cause) {
        super(message, cause);
        this.clientMessage = clientMessage;
    }

    /**
     * A short description that is safe to send to the client.
     *
     * @return text without class names, signatures or parser details
     */
    public String clientMessage() {
        return clientMessage;
    }
}
