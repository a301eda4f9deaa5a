package io.wsengine.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The sending half of a TLS connection: wraps plaintext from the loop's staging buffer into the
 * loop's network buffer, and writes the records. What the socket does not take is copied into a
 * buffer of the connection's own, exactly as large, and dropped once written.
 *
 * <p>Held bytes come in two kinds: those of the protocol core's frames first, which the core counts
 * as buffered and whose sends complete only once they are on the wire, then any the transport
 * writes for itself (handshake flights, alerts, close_notify, a TLS 1.3 key update). Event loop only.
 */
final class TlsOutbound {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final TlsLoop tls;
    /** Wrapped bytes the socket has not taken yet; null when none. */
    private ByteBuffer held;
    /** How many of {@link #held}'s first bytes are the core's frames. */
    private int heldFrameBytes;
    /** Plaintext of the core's frames in {@link #held}: their sends are not complete. */
    private int heldPlaintext;
    /** Our close_notify is written, or held: the socket's output ends once it is out. */
    private boolean shutdownPending;

    TlsOutbound(SSLEngine engine, SocketChannel channel, TlsLoop tls) {
        this.engine = engine;
        this.channel = channel;
        this.tls = tls;
    }

    boolean holdsBytes() {
        return held != null;
    }

    int heldFrameBytes() {
        return heldFrameBytes;
    }

    int heldPlaintext() {
        return heldPlaintext;
    }

    /**
     * Wraps and writes the core's plaintext, as many records as the loop's buffer takes. Takes
     * nothing while bytes are held: records must reach the wire in the order they were wrapped.
     *
     * @return the plaintext bytes taken
     */
    int writeFrames(ByteBuffer from) throws IOException {
        if (held != null) {
            if (heldFrameBytes > 0) {
                return 0; // the core writes those first, with writeHeld, to count them
            }
            writeHeld();
            if (held != null) {
                return 0;
            }
        }
        ByteBuffer out = tls.netOut;
        out.clear();
        int taken = 0;
        int records = 0;
        while (from.hasRemaining() && out.remaining() >= tls.packetSize && records < TlsLoop.MAX_RECORDS_PER_WRITE) {
            SSLEngineResult result = engine.wrap(from, out);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("TLS output closed (" + result.getStatus() + ")");
            }
            taken += result.bytesConsumed();
            tls.recordWireEnds[records] = out.position();
            tls.recordPlainEnds[records] = taken;
            records++;
        }
        out.flip();
        int written = channel.write(out);
        if (out.hasRemaining()) {
            int record = 0;
            while (tls.recordWireEnds[record] <= written) {
                record++;
            }
            heldPlaintext = taken - (record == 0 ? 0 : tls.recordPlainEnds[record - 1]);
            heldFrameBytes = out.remaining();
            held = copyOf(out);
        }
        return taken;
    }

    /** Writes what is held; returns how many of the core's frame bytes went out. */
    int writeHeld() throws IOException {
        int written = channel.write(held);
        int frameBytes = Math.min(written, heldFrameBytes);
        heldFrameBytes -= frameBytes;
        if (heldFrameBytes == 0) {
            heldPlaintext = 0;
        }
        if (!held.hasRemaining()) {
            held = null;
            if (shutdownPending) {
                shutdownPending = false;
                channel.shutdownOutput();
            }
        }
        return frameBytes;
    }

    /**
     * Wraps one message of the transport's own and writes it after what is held.
     *
     * @return false if the socket did not take it all (the caller then waits to be writable)
     */
    boolean wrapOwn() throws IOException {
        ByteBuffer out = tls.netOut;
        out.clear();
        engine.wrap(EMPTY, out);
        out.flip();
        if (!out.hasRemaining()) {
            return held == null;
        }
        if (held == null) {
            channel.write(out);
            if (out.hasRemaining()) {
                held = copyOf(out);
            }
        } else {
            ByteBuffer joined = ByteBuffer.allocate(held.remaining() + out.remaining());
            joined.put(held).put(out).flip();
            held = joined;
        }
        return held == null;
    }

    /** Closes the engine's output and writes what that makes it send: close_notify, or a pending alert. */
    void sendCloseNotify() throws IOException {
        engine.closeOutbound();
        for (int messages = 0; messages < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; messages++) {
            if (!wrapOwn()) {
                return; // held: goes out if the socket becomes writable before it closes
            }
        }
    }

    /** Sends close_notify, then ends the socket's output once everything is written. */
    void shutdown() throws IOException {
        sendCloseNotify();
        if (held == null) {
            channel.shutdownOutput();
        } else {
            shutdownPending = true;
        }
    }

    /** Drops what is held: the connection is closing. */
    void drop() {
        held = null;
        heldFrameBytes = 0;
        heldPlaintext = 0;
        shutdownPending = false;
    }

    static ByteBuffer copyOf(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return copy;
    }
}
