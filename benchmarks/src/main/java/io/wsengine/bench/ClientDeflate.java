package io.wsengine.bench;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One connection's permessage-deflate (RFC 7692 section 7.2) on the load generator's side, with the
 * JDK's zlib: a message is deflated whole (raw deflate, {@code SYNC_FLUSH}, the trailing
 * {@code 00 00 ff ff} removed) and inflated as its frames' bytes arrive (the tail added back at its
 * end). Deflater and Inflater are made when first needed and reset after each message where the
 * agreement says there is no context takeover; {@link #end()} frees their native memory. The output
 * buffers are the selector thread's ({@link Buffers}), so a connection holds only its zlib streams.
 * Not thread-safe: one selector thread owns it.
 */
final class ClientDeflate {
    /** The empty stored block that ends a SYNC_FLUSH: stripped on send, added back on receive (section 7.2.1, 7.2.2). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    /** Receives inflated bytes: {@code bytes} holds them from position to limit, valid only during the call. */
    interface Sink {
        void accept(ByteBuffer bytes);
    }

    /** Output buffers shared by the connections of one selector thread. */
    static final class Buffers {
        private byte[] deflated = new byte[4096];
        private final byte[] inflated = new byte[16 * 1024];
        private final ByteBuffer inflatedView = ByteBuffer.wrap(inflated);
    }

    private final DeflateAgreement agreement;
    private final Buffers buffers;
    private Deflater deflater;
    private Inflater inflater;

    ClientDeflate(DeflateAgreement agreement, Buffers buffers) {
        this.agreement = agreement;
        this.buffers = buffers;
    }

    /** Deflates {@code payload[0, length)} as one message; the result is {@link #deflated()}{@code [0, returned)}. */
    int deflate(byte[] payload, int length) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        deflater.setInput(payload, 0, length);
        byte[] out = buffers.deflated;
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break; // SYNC_FLUSH left room: everything given is out
            }
            out = java.util.Arrays.copyOf(out, out.length * 2);
            buffers.deflated = out;
        }
        if (agreement.resetCompressor()) {
            deflater.reset();
        }
        // A SYNC_FLUSH always ends with the empty stored block; the frame carries what precedes it.
        return n - TAIL.length;
    }

    /** {@return the buffer {@link #deflate} wrote into (masked in place by the caller)} */
    byte[] deflated() {
        return buffers.deflated;
    }

    /** Inflates {@code n} compressed bytes at {@code src}'s position (which it leaves as it was) into {@code sink}. */
    void inflate(ByteBuffer src, int n, Sink sink) throws DataFormatException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        // The slice is consumed whole before returning: the read buffer behind it is reused.
        inflater.setInput(src.slice(src.position(), n));
        drain(sink);
    }

    /** The message's last frame has been inflated: adds the tail back and gives what it flushes. */
    void endMessage(Sink sink) throws DataFormatException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.setInput(TAIL);
        drain(sink);
        // A server may end a message with BFINAL (section 7.2.3.3): that stream is over either way.
        if (agreement.resetDecompressor() || inflater.finished()) {
            inflater.reset();
        }
    }

    private void drain(Sink sink) throws DataFormatException {
        ByteBuffer view = buffers.inflatedView;
        while (true) {
            int k = inflater.inflate(buffers.inflated);
            if (k > 0) {
                view.clear().limit(k);
                sink.accept(view);
            } else if (inflater.needsDictionary()) {
                throw new DataFormatException("compressed data asks for a preset dictionary");
            } else {
                return; // needs input, or the stream finished
            }
        }
    }

    /** Frees the native memory of both streams; they are made again if the connection compresses again. */
    void end() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
