package io.wsengine.internal.deflate;

import io.wsengine.internal.frame.FrameEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one connection's messages into frames with RSV1 set (RFC 7692 section 7.2.1): deflated,
 * flushed to a byte boundary with an empty stored block, whose length bytes ({@code 00 00 ff ff}) are
 * then stripped. Each message is one final frame.
 *
 * <p>With server context takeover the connection owns its deflater, made at its first compressed
 * message, and with it zlib's window and hash tables (about 256 KiB natively at the usual settings):
 * a message may refer back into the ones before, which the client's inflater keeps. Without it, a
 * deflater is borrowed from the loop's {@link ZlibPool} for each message and given back reset.
 *
 * <p>The JDK's deflater always uses a 15-bit window. Where the agreement allows the server less
 * ({@code server_max_window_bits}), a message goes deflated only if no back-reference can reach
 * further than the window: without context takeover, a message no longer than the window; otherwise
 * it goes as stored blocks, which refer to nothing. Event loop only, but {@link #deflateOnce} is for
 * any thread.
 */
public final class MessageDeflater {
    private static final byte[] NO_BYTES = new byte[0];
    /** An empty message compresses to one empty-block header byte (section 7.2.3.6), whatever the context. */
    private static final byte[] EMPTY_MESSAGE = {0x00};
    private static final int MAX_STORED_BLOCK = 0xFFFF;

    private final ZlibPool pool;
    private final boolean contextTakeover;
    private final int windowBits;
    /** Owned with context takeover, once a message was compressed; null otherwise. */
    private Deflater owned;

    /**
     * @param pool            the loop's pool, for the deflaters of messages without context takeover
     * @param contextTakeover whether the server keeps its compression context between messages
     * @param windowBits      the largest window the client allows the server, 8 to 15
     */
    public MessageDeflater(ZlibPool pool, boolean contextTakeover, int windowBits) {
        this.pool = pool;
        this.contextTakeover = contextTakeover;
        this.windowBits = windowBits;
    }

    /**
     * Compresses a message into its frame; the payload's position is left unchanged.
     *
     * @param opcode text or binary
     * @return the frame, header and compressed payload, ready to write
     */
    public ByteBuffer deflate(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        if (length == 0) {
            return frame(opcode, EMPTY_MESSAGE, 1);
        }
        if (windowBits < 15 && (contextTakeover || length > 1 << windowBits)) {
            return stored(opcode, payload);
        }
        if (contextTakeover) {
            if (owned == null) {
                owned = Zlib.newDeflater(pool.level());
            }
            return compress(owned, opcode, payload, pool.deflatedScratch());
        }
        Deflater borrowed = pool.borrowDeflater();
        try {
            return compress(borrowed, opcode, payload, pool.deflatedScratch());
        } finally {
            pool.giveBack(borrowed);
        }
    }

    /**
     * Compresses a message without context, for receivers that keep none (no server context
     * takeover, a 15-bit window or a message within theirs), with a deflater of its own that is ended
     * before this returns. Safe from any thread.
     *
     * @param opcode text or binary
     * @return the frame, header and compressed payload
     */
    public static ByteBuffer deflateOnce(int opcode, ByteBuffer payload, int level) {
        if (!payload.hasRemaining()) {
            return frame(opcode, EMPTY_MESSAGE, 1);
        }
        Deflater deflater = Zlib.newDeflater(level);
        try {
            return compress(deflater, opcode, payload, new byte[Math.min(payload.remaining() + 64, 16 * 1024)]);
        } finally {
            Zlib.end(deflater);
        }
    }

    /** Ends the deflater the connection owns, if any: the connection is gone. */
    public void release() {
        if (owned != null) {
            Zlib.end(owned);
            owned = null;
        }
    }

    /** {@return whether a deflater, and with it zlib's memory, is held now} */
    public boolean holdsDeflater() {
        return owned != null;
    }

    private static ByteBuffer compress(Deflater deflater, int opcode, ByteBuffer payload, byte[] scratch) {
        int length = payload.remaining();
        // Incompressible data grows a little (5 bytes per stored block of up to 64 KiB, and the flush):
        // room for that at once, so a large message is not copied again and again as its output grows.
        byte[] out = length + 64 <= scratch.length ? scratch : new byte[length + (length >> 10) + 64];
        deflater.setInput(payload.duplicate());
        int produced = 0;
        while (true) {
            produced += deflater.deflate(out, produced, out.length - produced, Deflater.SYNC_FLUSH);
            if (produced < out.length) {
                break; // room was left: all input is in, and the flush is complete
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        deflater.setInput(NO_BYTES); // the deflater may outlive the message: it must not keep it reachable
        if (produced < 4 || out[produced - 4] != 0 || out[produced - 3] != 0 || out[produced - 2] != -1
                || out[produced - 1] != -1) {
            throw new IllegalStateException("a sync flush did not end with an empty stored block");
        }
        return frame(opcode, out, produced - 4);
    }

    /**
     * The message as stored blocks (RFC 1951 section 3.2.4), without zlib: each a header byte (not
     * final, type 00, padding), the length and its complement, and the bytes; then the header byte of
     * the empty block whose length bytes the receiver appends.
     */
    private static ByteBuffer stored(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int blocks = Math.max(1, (length + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK);
        byte[] out = new byte[length + 5 * blocks + 1];
        ByteBuffer data = payload.duplicate();
        int at = 0;
        while (data.hasRemaining()) {
            int block = Math.min(data.remaining(), MAX_STORED_BLOCK);
            out[at++] = 0x00;
            out[at++] = (byte) block;
            out[at++] = (byte) (block >>> 8);
            out[at++] = (byte) ~block;
            out[at++] = (byte) (~block >>> 8);
            data.get(out, at, block);
            at += block;
        }
        out[at++] = 0x00;
        return frame(opcode, out, at);
    }

    private static ByteBuffer frame(int opcode, byte[] compressed, int length) {
        ByteBuffer frame = ByteBuffer.allocate(FrameEncoder.headerLength(length) + length);
        FrameEncoder.writeHeader(frame, FrameEncoder.RSV1 | opcode, length);
        return frame.put(compressed, 0, length).flip();
    }
}
