package io.wsengine.internal.frame;

import io.wsengine.CloseStatus;
import io.wsengine.internal.deflate.MessageInflater;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns frames into messages (RFC 6455 section 5.4): joins fragments, lets control frames interleave,
 * checks continuation order, the message size limit (before allocating anything a header merely
 * declares) and UTF-8 of text as the bytes arrive.
 *
 * <p>A binary message is unmasked straight into the array the application will receive, which grows
 * as bytes arrive. A text message is unmasked into an array that its {@code String} then copies, so the
 * next text message may reuse it: a small one is kept for that ({@link #MAX_SPARE_TEXT}). Assemblers
 * move with their reader between a loop's connections, so a connection between messages holds none.
 *
 * <p>A compressed message (RFC 7692) is inflated as its bytes arrive, by the connection's
 * {@link MessageInflater}, and what comes out is treated as an uncompressed message's payload would
 * be: counted against the limit before it is kept, and checked as UTF-8 if text. The limit is on the
 * inflated size, so the array never grows past it, whatever a few compressed bytes would make.
 */
public final class MessageAssembler implements FrameListener {
    private static final byte[] EMPTY = new byte[0];
    /** The least a message array grows to once payload arrives, unless the declared message is smaller. */
    private static final int MIN_CAPACITY = 8 * 1024;
    /** The largest text array kept for the next text message; a loop keeps at most 64 idle readers. */
    private static final int MAX_SPARE_TEXT = 4 * 1024;

    private MessageListener listener;
    private long maxMessageSize;
    /** The connection's decompressor when it agreed to permessage-deflate; null otherwise. */
    private MessageInflater inflater;
    private final MessageInflater.Output inflatedOutput = new MessageInflater.Output() {
        @Override
        public void inflated(byte[] chunk, int offset, int length) {
            appendInflated(chunk, offset, length);
        }

        @Override
        public long room() {
            return maxMessageSize - messageLength;
        }
    };
    private final Utf8Validator utf8 = new Utf8Validator();

    /** Opcode of the frame being read. */
    private int frameOpcode;
    private boolean frameFin;
    /** TEXT or BINARY while a message is being assembled, else 0. */
    private int messageOpcode;
    private byte[] message;
    private int messageLength;
    /** True when the message's first frame was not its last, or it is compressed: its array then grows geometrically. */
    private boolean fragmented;
    /** True when the message is compressed: its size is known only as it inflates, and it grows as a fragmented one. */
    private boolean compressed;
    /** A finished text message's array, free for the next one: never lent to binary messages, which hand theirs out. */
    private byte[] spareText;
    /** Length the message reaches at the end of the current frame, as the headers declared. */
    private long declaredEnd;
    private byte[] control;
    private int controlLength;

    public MessageAssembler(MessageListener listener, long maxMessageSize) {
        bind(listener, maxMessageSize, null);
    }

    /** An assembler of a connection that agreed to permessage-deflate, whose messages this inflater decompresses. */
    public MessageAssembler(MessageListener listener, long maxMessageSize, MessageInflater inflater) {
        bind(listener, maxMessageSize, inflater);
    }

    /**
     * Delivers the messages from now on to this listener, under this limit, inflating compressed ones
     * with this inflater (null without compression): a reader moves between connections.
     */
    void bind(MessageListener listener, long maxMessageSize, MessageInflater inflater) {
        this.listener = listener;
        this.maxMessageSize = maxMessageSize;
        this.inflater = inflater;
    }

    /** {@return the size of the array that holds the message in progress; 0 when none is} */
    int heldCapacity() {
        return message == null ? 0 : message.length;
    }

    /** True when no message is in progress: nothing of one is held. */
    boolean betweenMessages() {
        return messageOpcode == 0;
    }

    @Override
    public void onFrameStart(boolean fin, boolean compressedFrame, int opcode, long payloadLength) {
        frameOpcode = opcode;
        frameFin = fin;
        if (Opcode.isControl(opcode)) {
            control = payloadLength == 0 ? EMPTY : new byte[(int) payloadLength];
            controlLength = 0;
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == 0) {
                throw ProtocolException.protocolError("continuation frame without a message to continue");
            }
        } else if (messageOpcode != 0) {
            throw ProtocolException.protocolError("new data frame while a fragmented message is unfinished");
        }
        if (compressedFrame || compressed) { // RSV1 comes on a message's first frame only; its continuations follow it
            startCompressedFrame(opcode);
            return; // its size shows only as it inflates
        }
        long total = messageLength + payloadLength;
        if (total > maxMessageSize) {
            throw ProtocolException.tooBig("message over the limit of " + maxMessageSize + " bytes");
        }
        if (opcode != Opcode.CONTINUATION) {
            startMessage(opcode, !fin);
        }
        declaredEnd = total;
    }

    private void startMessage(int opcode, boolean growsGeometrically) {
        messageOpcode = opcode;
        messageLength = 0;
        // A binary message's array goes to the application: it never takes the spare, and the spare is
        // dropped so that the message's memory stays within its documented bound.
        message = opcode == Opcode.TEXT && spareText != null ? spareText : EMPTY;
        spareText = null;
        fragmented = growsGeometrically;
        utf8.reset();
    }

    private void startCompressedFrame(int opcode) {
        if (opcode == Opcode.CONTINUATION) {
            return;
        }
        if (inflater == null) { // the parser lets RSV1 through only with an agreement
            throw new IllegalStateException("a compressed message without an inflater");
        }
        startMessage(opcode, true);
        compressed = true;
    }

    /**
     * Makes room for bytes that have arrived. The array grows with what the peer has sent, never
     * with what a header merely declares: to at most twice the bytes received (or
     * {@link #MIN_CAPACITY}). A message in one frame never grows past the end its header declared, so
     * it gets an array of exactly its size in one allocation. A fragmented one grows up to the limit
     * instead: capping it at each fragment's end would copy the whole message again for every
     * fragment, quadratic in their count, on the event loop. Doubling copies each byte a bounded
     * number of times, and {@link #deliverMessage} trims the array once at the end.
     */
    private void ensureCapacity(int needed) {
        if (needed <= message.length) {
            return;
        }
        long bound = fragmented ? maxMessageSize : declaredEnd;
        long target = Math.min(bound, Math.max(MIN_CAPACITY, 2L * needed));
        byte[] larger = new byte[(int) Math.max(needed, target)];
        System.arraycopy(message, 0, larger, 0, messageLength);
        message = larger;
    }

    @Override
    public void onFramePayload(ByteBuffer source, int length, int maskKey, long payloadOffset) {
        if (Opcode.isControl(frameOpcode)) {
            source.get(control, controlLength, length);
            Masking.unmask(control, controlLength, length, maskKey, payloadOffset);
            controlLength += length;
            return;
        }
        if (compressed) {
            inflater.inflateMasked(source, length, maskKey, payloadOffset, inflatedOutput);
            return;
        }
        ensureCapacity(messageLength + length);
        source.get(message, messageLength, length);
        Masking.unmask(message, messageLength, length, maskKey, payloadOffset);
        if (messageOpcode == Opcode.TEXT && !utf8.feed(message, messageLength, length)) {
            throw ProtocolException.invalidPayload("invalid UTF-8 in text message");
        }
        messageLength += length;
    }

    @Override
    public void onFrameEnd() {
        byte[] controlPayload = control;
        control = null; // the listener owns it now
        switch (frameOpcode) {
            case Opcode.PING -> listener.onPing(controlPayload);
            case Opcode.PONG -> listener.onPong(controlPayload);
            case Opcode.CLOSE -> closeFrame(controlPayload);
            default -> {
                if (frameFin) {
                    if (compressed) {
                        inflater.finish(inflatedOutput);
                    }
                    deliverMessage();
                }
            }
        }
    }

    /**
     * Keeps the bytes a compressed message inflated to that fit the limit, UTF-8 checked, and then
     * fails if there were more: the failure that comes first in the message is the one it gets.
     */
    private void appendInflated(byte[] chunk, int offset, int length) {
        int kept = (int) Math.min(length, maxMessageSize - messageLength);
        ensureCapacity(messageLength + kept);
        System.arraycopy(chunk, offset, message, messageLength, kept);
        if (messageOpcode == Opcode.TEXT && !utf8.feed(message, messageLength, kept)) {
            throw ProtocolException.invalidPayload("invalid UTF-8 in text message");
        }
        messageLength += kept;
        if (kept < length) {
            throw ProtocolException.tooBig("message inflates past the limit of " + maxMessageSize + " bytes");
        }
    }

    private void deliverMessage() {
        byte[] data = message;
        int length = messageLength;
        int opcode = messageOpcode;
        message = null;
        messageLength = 0;
        messageOpcode = 0;
        compressed = false;
        if (opcode == Opcode.TEXT) {
            if (!utf8.isComplete()) {
                throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            String text = new String(data, 0, length, StandardCharsets.UTF_8);
            if (data.length <= MAX_SPARE_TEXT) {
                spareText = data; // copied into the String: free again
            }
            listener.onText(text, length);
        } else {
            if (data.length != length) {
                data = Arrays.copyOf(data, length); // a fragmented message grew past its end: trim once
            }
            listener.onBinary(ByteBuffer.wrap(data));
        }
    }

    private void closeFrame(byte[] payload) {
        if (payload.length == 0) {
            listener.onCloseFrame(CloseStatus.NO_STATUS_RECEIVED.code(), "");
            return;
        }
        if (payload.length == 1) {
            throw ProtocolException.protocolError("close frame with a 1-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseStatus.isValidOnWire(code)) {
            throw ProtocolException.protocolError("invalid close code " + code);
        }
        if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
            throw ProtocolException.invalidPayload("invalid UTF-8 in close reason");
        }
        listener.onCloseFrame(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }
}
