package io.wsengine.internal.frame;

import io.wsengine.CloseStatus;

/**
 * The peer broke RFC 6455; the connection is failed with {@link #status()}. Thrown only on hostile
 * or broken input, so it carries no stack trace.
 */
public final class ProtocolException extends RuntimeException {
    private final transient CloseStatus status;

    public ProtocolException(CloseStatus status) {
        super(status.toString(), null, false, false);
        this.status = status;
    }

    public static ProtocolException protocolError(String reason) {
        return new ProtocolException(CloseStatus.PROTOCOL_ERROR.withReason(reason));
    }

    public static ProtocolException invalidPayload(String reason) {
        return new ProtocolException(CloseStatus.INVALID_PAYLOAD.withReason(reason));
    }

    public static ProtocolException tooBig(String reason) {
        return new ProtocolException(CloseStatus.MESSAGE_TOO_BIG.withReason(reason));
    }

    public CloseStatus status() {
        return status;
    }
}
