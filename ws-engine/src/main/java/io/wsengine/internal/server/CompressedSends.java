package io.wsengine.internal.server;

import io.wsengine.CompressionConfig;
import io.wsengine.PreparedMessage;
import io.wsengine.internal.deflate.DeflateParameters;
import io.wsengine.internal.frame.FrameEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What a message becomes on a session that agreed to permessage-deflate (RFC 7692): a message under
 * the configured size goes as it is, and a larger one is queued for its loop to compress in wire
 * order ({@link OutboundQueue#writeTo}). A prepared message to a session that keeps no server context
 * takes the frame its {@link PreparedMessage} compressed once for all such receivers. Any thread.
 */
final class CompressedSends {
    private CompressedSends() {
    }

    /**
     * {@return true when a text is too short to compress whatever its characters, at most three UTF-8
     * bytes each: it then goes the plain way, encoded straight into its frame, without an array of
     * its bytes first}
     */
    static boolean surelyTooSmall(CharSequence text, CompressionConfig config) {
        return text.length() * 3L < config.minMessageSize();
    }

    /** {@return the frame of a text or binary message whose payload is these bytes} */
    static OutboundFrame message(int opcode, ByteBuffer payload, CompressionConfig config,
            CompletableFuture<Void> future) {
        if (payload.remaining() < config.minMessageSize()) {
            return new OutboundFrame(OutboundFrame.Kind.DATA, FrameEncoder.encode(opcode, payload), future);
        }
        return OutboundFrame.toDeflate(opcode, payload.slice(), future);
    }

    /** {@return the frame of a prepared message} */
    static OutboundFrame prepared(PreparedMessage message, DeflateParameters agreed, CompressionConfig config,
            CompletableFuture<Void> future) {
        ByteBuffer frame = message.frame();
        int payloadLength = FrameEncoder.payloadLength(frame.remaining());
        if (payloadLength < config.minMessageSize()) {
            return new OutboundFrame(OutboundFrame.Kind.DATA, new ByteBuffer[] {frame}, future);
        }
        // Without server context takeover a message refers to nothing before it, so every such receiver
        // can take the same bytes; a window below 15 bits only if the message fits in it.
        boolean shareable = agreed.serverNoContextTakeover()
                && (agreed.serverMaxWindowBits() == 15 || payloadLength <= 1 << agreed.serverMaxWindowBits());
        if (shareable) {
            return new OutboundFrame(OutboundFrame.Kind.DATA, new ByteBuffer[] {message.deflatedFrame(config.level())},
                    future);
        }
        ByteBuffer payload = frame.position(frame.limit() - payloadLength).slice();
        return OutboundFrame.toDeflate(frame.get(0) & 0x0F, payload, future);
    }
}
