package io.wsengine.internal.frame;

import io.wsengine.internal.deflate.MessageInflater;
import java.nio.ByteBuffer;

/**
 * A {@link FrameParser} feeding a {@link MessageAssembler}: everything a connection needs to turn its
 * bytes into messages. A reader serves one connection at a time and may move to another whenever it
 * is {@linkplain #atRest() at rest}, so an event loop can lend its readers to the connections that are
 * in the middle of a frame and an idle connection holds none.
 */
public final class FrameReader {
    private final MessageAssembler assembler = new MessageAssembler(null, 0);
    private final FrameParser parser = new FrameParser(assembler, 0);

    /** Serves this listener from now on, under these limits, without compression. */
    public FrameReader bind(MessageListener listener, long maxMessageSize, long maxFrameSize) {
        return bind(listener, maxMessageSize, maxFrameSize, null);
    }

    /**
     * Serves this listener from now on, under these limits. With an inflater, the connection agreed to
     * permessage-deflate: RSV1 may mark a compressed message, which the inflater decompresses, and
     * whose inflated size the message limit bounds. The inflater is the connection's, and stays with
     * it: its context outlives the reader's turn with the connection.
     *
     * @param inflater the connection's, or null when its messages are never compressed
     */
    public FrameReader bind(MessageListener listener, long maxMessageSize, long maxFrameSize, MessageInflater inflater) {
        assembler.bind(listener, maxMessageSize, inflater);
        parser.maxFrameSize(maxFrameSize);
        parser.compressionAgreed(inflater != null);
        return this;
    }

    /**
     * Consumes bytes until the source is empty or one frame is complete.
     *
     * @throws ProtocolException if the input breaks the protocol or a limit; the reader is then unfit for reuse
     */
    public void parse(ByteBuffer source) {
        parser.parse(source);
    }

    /** True between messages: nothing of a frame or message is held, and the reader may serve another connection. */
    public boolean atRest() {
        return parser.atFrameStart() && assembler.betweenMessages();
    }

    /** Lets go of the listener, so a reader waiting for reuse keeps no connection reachable. */
    public void unbind() {
        assembler.bind(null, 0, null);
    }
}
