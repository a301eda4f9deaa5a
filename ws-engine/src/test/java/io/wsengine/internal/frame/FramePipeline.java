package io.wsengine.internal.frame;

import io.wsengine.internal.deflate.MessageInflater;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link FrameParser} feeding a {@link MessageAssembler}, as a connection wires them, with every
 * message and control frame recorded as a line of text: {@code text:...}, {@code binary:<hex>},
 * {@code ping:...}, {@code pong:...}, {@code close:<code>:<reason>}.
 */
final class FramePipeline implements MessageListener {
    static final long NO_LIMIT = Long.MAX_VALUE;
    /** The last binary message as delivered, untouched. */
    ByteBuffer lastBinary;

    final List<String> events = new ArrayList<>();
    private final FrameParser parser;
    private final MessageAssembler assembler;

    FramePipeline() {
        this(NO_LIMIT, Integer.MAX_VALUE);
    }

    FramePipeline(long maxFrameSize, long maxMessageSize) {
        this(maxFrameSize, maxMessageSize, null);
    }

    /** A pipeline of a connection that agreed to permessage-deflate, whose messages this inflater decompresses. */
    FramePipeline(long maxFrameSize, long maxMessageSize, MessageInflater inflater) {
        this.assembler = new MessageAssembler(this, maxMessageSize, inflater);
        this.parser = new FrameParser(assembler, maxFrameSize);
        parser.compressionAgreed(inflater != null);
    }

    /** Feeds everything in one buffer. */
    FramePipeline feed(byte[] bytes) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        while (source.hasRemaining()) {
            parser.parse(source);
        }
        return this;
    }

    /** Feeds one byte per call. */
    FramePipeline feedBytewise(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            ByteBuffer source = ByteBuffer.wrap(bytes, i, 1);
            parser.parse(source);
            if (source.hasRemaining()) {
                throw new AssertionError("parser left byte " + i + " unconsumed");
            }
        }
        return this;
    }

    /** Feeds everything from one direct buffer, as the event loop reads from the socket. */
    FramePipeline feedDirect(byte[] bytes) {
        ByteBuffer source = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        while (source.hasRemaining()) {
            parser.parse(source);
        }
        return this;
    }

    /** The parser itself, for tests that look at what one call consumes. */
    FrameParser parser() {
        return parser;
    }

    /** The assembler, for tests that look at what it holds. */
    MessageAssembler assembler() {
        return assembler;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void onText(String text, int bytes) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        lastBinary = data.duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add("binary:" + hex(bytes));
    }

    @Override
    public void onPing(byte[] payload) {
        events.add("ping:" + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onPong(byte[] payload) {
        events.add("pong:" + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        events.add("close:" + code + ":" + reason);
    }
}
