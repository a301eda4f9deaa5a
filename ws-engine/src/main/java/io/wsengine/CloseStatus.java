package io.wsengine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A close code and reason (RFC 6455 section 7.4). Use the constants for the registered codes, and
 * {@link #withReason(String)} to attach a reason of at most 123 UTF-8 bytes.
 *
 * @param code   the close code
 * @param reason the reason, never {@code null} (empty when there is none)
 */
public record CloseStatus(int code, String reason) {

    /** The purpose of the connection has been fulfilled. */
    public static final CloseStatus NORMAL = new CloseStatus(1000, "");
    /** The endpoint is going away: server shutdown, idle timeout, a browser leaving the page. */
    public static final CloseStatus GOING_AWAY = new CloseStatus(1001, "");
    /** The peer broke the protocol. */
    public static final CloseStatus PROTOCOL_ERROR = new CloseStatus(1002, "");
    /** The endpoint received a type of data it cannot accept. */
    public static final CloseStatus UNSUPPORTED_DATA = new CloseStatus(1003, "");
    /** Reported locally when a close frame carried no code; never sent on the wire. */
    public static final CloseStatus NO_STATUS_RECEIVED = new CloseStatus(1005, "");
    /** Reported locally when the connection ended without a close frame; never sent on the wire. */
    public static final CloseStatus ABNORMAL_CLOSURE = new CloseStatus(1006, "");
    /** A message's data was not consistent with its type, such as invalid UTF-8 in a text message. */
    public static final CloseStatus INVALID_PAYLOAD = new CloseStatus(1007, "");
    /** A message violated the endpoint's policy, such as an outbound buffer over its limit. */
    public static final CloseStatus POLICY_VIOLATION = new CloseStatus(1008, "");
    /** A message was larger than the endpoint accepts. */
    public static final CloseStatus MESSAGE_TOO_BIG = new CloseStatus(1009, "");
    /** The client expected an extension the server did not negotiate. */
    public static final CloseStatus MANDATORY_EXTENSION = new CloseStatus(1010, "");
    /** The server met an unexpected condition, such as an exception thrown by a handler. */
    public static final CloseStatus INTERNAL_ERROR = new CloseStatus(1011, "");
    /** The service is restarting. */
    public static final CloseStatus SERVICE_RESTART = new CloseStatus(1012, "");
    /** The server is overloaded; the client should try again later. */
    public static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "");

    /** The most bytes a reason may take: 125 bytes of control payload less the 2-byte code. */
    public static final int MAX_REASON_BYTES = 123;

    /**
     * Creates a status. Any code is accepted here, so that statuses received from a peer or reported
     * locally ({@code 1005}, {@code 1006}) can be represented; {@link #requireSendable()} checks the
     * ones to be sent.
     *
     * @param code   the close code
     * @param reason the reason, never {@code null} (empty when there is none)
     * @throws NullPointerException if {@code reason} is null
     */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A status with this code and no reason.
     *
     * @param code the close code; not checked here (see {@link #requireSendable()})
     * @return a new status with an empty reason
     */
    public static CloseStatus of(int code) {
        return new CloseStatus(code, "");
    }

    /**
     * The same code with another reason.
     *
     * @param reason the new reason, never {@code null}; a close frame takes at most
     *               {@value #MAX_REASON_BYTES} UTF-8 bytes of it
     * @return a new status; this one is unchanged
     * @throws NullPointerException if {@code reason} is null
     */
    public CloseStatus withReason(String reason) {
        return new CloseStatus(code, reason);
    }

    /**
     * Whether a peer may send this code in a close frame (RFC 6455 section 7.4): 1000-1003,
     * 1007-1014 and 3000-4999.
     *
     * @param code the close code
     * @return true if the code may appear on the wire; false for the codes reserved for local use
     *         (1005, 1006, 1015), unassigned ones and those out of range
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Checks that this status may be sent in a close frame.
     *
     * @throws IllegalArgumentException if the code is reserved for local use (1005, 1006, 1015) or
     *                                  out of range, or the reason is longer than 123 UTF-8 bytes
     */
    public void requireSendable() {
        if (!isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent in a close frame;"
                    + " use 1000-1003, 1007-1014 or 3000-4999");
        }
        int reasonBytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (reasonBytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is " + reasonBytes + " UTF-8 bytes; at most "
                    + MAX_REASON_BYTES + " fit in a close frame");
        }
    }

    /**
     * {@return the code, followed by the reason in parentheses when there is one, such as
     * {@code 1001 (idle timeout)}}
     */
    @Override
    public String toString() {
        return reason.isEmpty() ? String.valueOf(code) : code + " (" + reason + ")";
    }
}
