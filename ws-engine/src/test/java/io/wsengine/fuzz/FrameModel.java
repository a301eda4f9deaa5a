package io.wsengine.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for the engine's frame reading: RFC 6455 sections 5.2-5.5 decoded the plain way, a
 * whole byte array at once, frame after frame, with no state machine and no fast path.
 *
 * <p>The engine fails a connection as soon as the bytes show a fault, so a stream that ends early
 * still has a definite outcome. This model checks each rule at the point where the engine does:
 * <ul>
 *   <li>the first header byte: RSV bits, reserved opcodes, fragmented control frames (1002);</li>
 *   <li>the second: the mask bit, a control frame over 125 bytes (1002);</li>
 *   <li>the whole length: a 64-bit length with its high bit set (1002), a data frame over the frame
 *       limit (1009);</li>
 *   <li>the whole header, with its masking key: continuation without a message, or a new message
 *       inside a fragmented one (1002), the message over its limit, counted across fragments (1009);</li>
 *   <li>each payload byte of a text message: a byte that no valid UTF-8 can have there (1007);</li>
 *   <li>the end of a frame: an unfinished UTF-8 sequence at the end of a text message (1007), a close
 *       payload of 1 byte or with an invalid code (1002), a close reason that is not UTF-8 (1007).</li>
 * </ul>
 * A connection reads no frame after a close frame, so neither does the model.
 */
final class FrameModel {
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final long maxFrameSize;
    private final long maxMessageSize;
    private final List<String> events = new ArrayList<>();

    private FrameModel(long maxFrameSize, long maxMessageSize) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
    }

    static FrameOutcome decode(byte[] wire, long maxFrameSize, long maxMessageSize) {
        FrameModel model = new FrameModel(maxFrameSize, maxMessageSize);
        int failure = model.run(wire);
        return new FrameOutcome(List.copyOf(model.events), failure);
    }

    /** RFC 6455 section 7.4: the codes a close frame may carry. */
    static boolean isValidCloseCode(int code) {
        return (code >= 1000 && code <= 1003) // normal, going away, protocol error, unsupported data
                || (code >= 1007 && code <= 1011) // invalid payload, policy, too big, extension, internal error
                || (code >= 1012 && code <= 1014) // registered with IANA since: restart, try again, bad gateway
                || (code >= 3000 && code <= 4999); // libraries and frameworks; private use
    }

    /** Returns the close code the connection fails with, or 0 when the bytes run out (or a close frame came). */
    private int run(byte[] wire) {
        int messageOpcode = -1; // the opcode of the fragmented message in progress, -1 for none
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int at = 0;
        while (at < wire.length) {
            int first = wire[at] & 0xFF;
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            boolean control = opcode >= CLOSE;
            if ((first & 0x70) != 0) {
                return 1002; // RSV bits without an extension that defines them (section 5.2)
            }
            if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING
                    && opcode != PONG) {
                return 1002; // reserved opcode
            }
            if (control && !fin) {
                return 1002; // control frames are never fragmented (section 5.5)
            }
            if (at + 1 >= wire.length) {
                return 0;
            }
            int second = wire[at + 1] & 0xFF;
            if ((second & 0x80) == 0) {
                return 1002; // clients mask every frame (section 5.3)
            }
            int shortLength = second & 0x7F;
            if (control && shortLength > 125) {
                return 1002; // control payloads are at most 125 bytes (section 5.5)
            }
            int lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
            int lengthEnd = at + 2 + lengthBytes;
            if (lengthEnd > wire.length) {
                return 0;
            }
            long length = shortLength;
            if (lengthBytes > 0) {
                length = 0;
                for (int i = at + 2; i < lengthEnd; i++) {
                    length = length * 256 + (wire[i] & 0xFF); // wraps negative exactly when the high bit is set
                }
                if (length < 0) {
                    return 1002; // the most significant bit of a 64-bit length is 0
                }
            }
            if (!control && length > maxFrameSize) {
                return 1009;
            }
            int payloadStart = lengthEnd + 4;
            if (payloadStart > wire.length) {
                return 0;
            }
            byte[] key = {wire[lengthEnd], wire[lengthEnd + 1], wire[lengthEnd + 2], wire[lengthEnd + 3]};
            if (!control) {
                if (opcode == CONTINUATION && messageOpcode < 0) {
                    return 1002; // nothing to continue (section 5.4)
                }
                if (opcode != CONTINUATION && messageOpcode >= 0) {
                    return 1002; // a new message before the fragmented one is finished
                }
                if (message.size() + length > maxMessageSize) {
                    return 1009;
                }
            }
            int available = (int) Math.min(length, wire.length - payloadStart);
            byte[] payload = new byte[available];
            for (int i = 0; i < available; i++) {
                payload[i] = (byte) (wire[payloadStart + i] ^ key[i % 4]); // section 5.3
            }
            if (control) {
                if (available < length) {
                    return 0;
                }
                switch (opcode) {
                    case PING -> events.add(FrameOutcome.ping(payload));
                    case PONG -> events.add(FrameOutcome.pong(payload));
                    default -> {
                        return close(payload);
                    }
                }
            } else {
                int dataOpcode = opcode == CONTINUATION ? messageOpcode : opcode;
                message.writeBytes(payload);
                byte[] soFar = message.toByteArray();
                if (dataOpcode == TEXT && !Utf8Reference.isValidPrefix(soFar, 0, soFar.length)) {
                    return 1007; // section 8.1: fail at once on invalid UTF-8
                }
                if (available < length) {
                    return 0;
                }
                messageOpcode = dataOpcode;
                if (fin) {
                    if (dataOpcode == TEXT) {
                        if (!Utf8Reference.isValid(soFar)) {
                            return 1007; // the message ends inside a character
                        }
                        events.add(FrameOutcome.text(new String(soFar, StandardCharsets.UTF_8)));
                    } else {
                        events.add(FrameOutcome.binary(soFar));
                    }
                    message.reset();
                    messageOpcode = -1;
                }
            }
            at = payloadStart + available;
        }
        return 0;
    }

    /** Section 5.5.1: an optional 2-byte code, then a UTF-8 reason. */
    private int close(byte[] payload) {
        if (payload.length == 0) {
            events.add(FrameOutcome.close(1005, "")); // section 7.4.1: no status code was present
            return 0;
        }
        if (payload.length == 1) {
            return 1002;
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!isValidCloseCode(code)) {
            return 1002;
        }
        if (!Utf8Reference.isValid(payload, 2, payload.length - 2)) {
            return 1007;
        }
        events.add(FrameOutcome.close(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)));
        return 0;
    }
}
