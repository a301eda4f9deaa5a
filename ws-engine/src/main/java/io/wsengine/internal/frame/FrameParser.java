package io.wsengine.internal.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Incremental parser of client frames (RFC 6455 section 5.2), an explicit state machine that may be
 * fed any number of bytes at a time, down to one. It checks what the header alone shows (reserved
 * bits and opcodes, masking, control-frame rules, the frame size limit) and streams each payload to
 * its {@link FrameListener} without copying it. RSV1 is allowed only where permessage-deflate
 * (RFC 7692 section 6) puts it: on the first frame of a data message, when the connection agreed to
 * compression.
 */
public final class FrameParser {

    private enum State { FIRST_BYTE, SECOND_BYTE, EXTENDED_LENGTH, MASK_KEY, PAYLOAD }

    /** Two bytes, a 64-bit length and a masking key. */
    private static final int MAX_HEADER_SIZE = 14;

    private final FrameListener listener;
    private long maxFrameSize;
    /** Whether the connection agreed to permessage-deflate, which gives RSV1 its meaning. */
    private boolean compressionAgreed;

    private State state = State.FIRST_BYTE;
    private boolean fin;
    private boolean compressed;
    private int opcode;
    private int extendedLengthBytes;
    private long payloadLength;
    private int maskKey;
    private int maskKeyBytes;
    private long payloadOffset;

    public FrameParser(FrameListener listener, long maxFrameSize) {
        this.listener = listener;
        this.maxFrameSize = maxFrameSize;
    }

    /** Sets the frame size limit for the frames from now on (a reader moves between connections). */
    void maxFrameSize(long maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** Sets whether RSV1 may mark compressed messages in the frames from now on (a reader moves between connections). */
    void compressionAgreed(boolean agreed) {
        this.compressionAgreed = agreed;
    }

    /** True between frames: no part of a frame has been read. */
    boolean atFrameStart() {
        return state == State.FIRST_BYTE;
    }

    /**
     * Consumes bytes from {@code source} until it is empty or one frame is complete.
     *
     * @return true if a frame was completed
     * @throws ProtocolException if the input breaks the protocol or the frame size limit
     */
    public boolean parse(ByteBuffer source) {
        while (source.hasRemaining()) {
            if (state == State.FIRST_BYTE && source.remaining() >= MAX_HEADER_SIZE
                    && source.order() == ByteOrder.BIG_ENDIAN) {
                if (readWholeHeader(source)) {
                    return true;
                }
                continue;
            }
            switch (state) {
                case FIRST_BYTE -> readFirstByte(source.get());
                case SECOND_BYTE -> {
                    if (readSecondByte(source.get())) {
                        return true;
                    }
                }
                case EXTENDED_LENGTH -> readExtendedLength(source.get());
                case MASK_KEY -> {
                    if (readMaskKey(source.get())) {
                        return true;
                    }
                }
                case PAYLOAD -> {
                    if (readPayload(source)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void readFirstByte(byte b) {
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        compressed = false;
        if ((b & 0x70) != 0) {
            checkReservedBits(b);
        }
        if (!Opcode.isKnown(opcode)) {
            throw ProtocolException.protocolError("reserved opcode " + opcode);
        }
        if (Opcode.isControl(opcode) && !fin) {
            throw ProtocolException.protocolError("fragmented control frame");
        }
        state = State.SECOND_BYTE;
    }

    /**
     * RSV1 marks a compressed message (RFC 7692 section 6.1): it is allowed on a message's first frame
     * only, never on a continuation or a control frame, and only with the extension agreed. No
     * extension here gives RSV2 or RSV3 a meaning (RFC 6455 section 5.2).
     */
    private void checkReservedBits(byte b) {
        if ((b & 0x30) != 0) {
            throw ProtocolException.protocolError("RSV2 or RSV3 set without a negotiated extension");
        }
        if (!compressionAgreed) {
            throw ProtocolException.protocolError("RSV1 set without a negotiated extension");
        }
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw ProtocolException.protocolError("RSV1 set on a " + (opcode == Opcode.CONTINUATION ? "continuation"
                    : "control or reserved") + " frame");
        }
        compressed = true;
    }

    /** Returns true if the frame is already complete (a header that cannot be masked never is). */
    private boolean readSecondByte(byte b) {
        if ((b & 0x80) == 0) {
            throw ProtocolException.protocolError("client frame not masked");
        }
        int length = b & 0x7F;
        if (Opcode.isControl(opcode) && length > 125) {
            throw ProtocolException.protocolError("control frame payload over 125 bytes");
        }
        payloadLength = 0;
        if (length == 126) {
            extendedLengthBytes = 2;
            state = State.EXTENDED_LENGTH;
        } else if (length == 127) {
            extendedLengthBytes = 8;
            state = State.EXTENDED_LENGTH;
        } else {
            payloadLength = length;
            lengthKnown();
        }
        return false;
    }

    private void readExtendedLength(byte b) {
        payloadLength = (payloadLength << 8) | (b & 0xFF);
        if (--extendedLengthBytes == 0) {
            if (payloadLength < 0) {
                throw ProtocolException.protocolError("64-bit payload length with the high bit set");
            }
            lengthKnown();
        }
    }

    private void lengthKnown() {
        if (payloadLength > maxFrameSize && !Opcode.isControl(opcode)) { // control frames: 125 bytes, always allowed
            throw ProtocolException.tooBig("frame of " + payloadLength + " bytes over the limit of " + maxFrameSize);
        }
        maskKey = 0;
        maskKeyBytes = 0;
        state = State.MASK_KEY;
    }

    /**
     * The usual case, with the same checks as byte by byte: a whole header is in the buffer (the
     * caller made sure that the longest possible one is, in network byte order), so it is read with a
     * few wide reads.
     *
     * @return true if the frame is already complete (it has no payload)
     */
    private boolean readWholeHeader(ByteBuffer source) {
        int position = source.position();
        readFirstByte(source.get(position));
        readSecondByte(source.get(position + 1));
        int next = position + 2;
        if (state == State.EXTENDED_LENGTH) {
            payloadLength = extendedLengthBytes == 2 ? source.getShort(next) & 0xFFFF : source.getLong(next);
            next += extendedLengthBytes;
            extendedLengthBytes = 0;
            if (payloadLength < 0) {
                throw ProtocolException.protocolError("64-bit payload length with the high bit set");
            }
            lengthKnown();
        }
        maskKey = source.getInt(next);
        source.position(next + 4);
        return maskKnown();
    }

    private boolean readMaskKey(byte b) {
        maskKey = (maskKey << 8) | (b & 0xFF);
        if (++maskKeyBytes < 4) {
            return false;
        }
        return maskKnown();
    }

    /** The header is complete: the payload, if any, follows. Returns true if the frame is complete too. */
    private boolean maskKnown() {
        listener.onFrameStart(fin, compressed, opcode, payloadLength);
        payloadOffset = 0;
        if (payloadLength == 0) {
            return endFrame();
        }
        state = State.PAYLOAD;
        return false;
    }

    private boolean readPayload(ByteBuffer source) {
        int chunk = (int) Math.min(source.remaining(), payloadLength - payloadOffset);
        int before = source.position();
        listener.onFramePayload(source, chunk, maskKey, payloadOffset);
        if (source.position() != before + chunk) {
            throw new IllegalStateException("listener consumed " + (source.position() - before) + " of " + chunk);
        }
        payloadOffset += chunk;
        return payloadOffset == payloadLength && endFrame();
    }

    private boolean endFrame() {
        state = State.FIRST_BYTE;
        listener.onFrameEnd();
        return true;
    }
}
