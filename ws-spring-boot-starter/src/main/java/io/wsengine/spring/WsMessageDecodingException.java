package io.wsengine.spring;

/**
 * A text message could not be decoded into the type an {@link OnTextMessage} method takes. The
 * {@linkplain #getMessage() message} names the method, the type and the parser's complaint, for the
 * application's logs; {@link #clientMessage()} is what may be told to the client that sent it.
 */
public class WsMessageDecodingException extends RuntimeException {
    /** What the starter says to a client whose message could not be decoded. */
    public static final String CLIENT_MESSAGE = "message could not be decoded";

    private final String clientMessage;

    /**
     * @param message the detail, for logs: the method, the target type and the parser's message
     * @param cause   the parser's exception
     */
    public WsMessageDecodingException(String message, Throwable cause) {
        this(message, CLIENT_MESSAGE, cause);
    }

    /**
     * @param message       the detail, for logs
     * @param clientMessage a short description without class names or parser details, safe to send
     * @param cause         the parser's exception
     */
    public WsMessageDecodingException(String message, String clientMessage, Throwable cause) {
        super(message, cause);
        this.clientMessage = clientMessage;
    }

    /** A short description that is safe to send to the client: no class names, signatures or parser details. */
    public String clientMessage() {
        return clientMessage;
    }
}
