package io.wsengine.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS for the connections of one load-generator thread ({@link ClientWorker}): an {@link SSLEngine}
 * per connection, driven on the thread's selector like the plain socket, so that TLS costs the client
 * the records' crypto and little else (no thread, no blocking).
 * Records are read into one buffer of the thread's and unwrapped straight into its read buffer;
 * frames are wrapped from the connection's output buffer into another buffer of the thread's. A
 * connection holds bytes of its own only for what the socket left over: a record cut short on the way
 * in, records the socket did not take on the way out; an idle connection holds its engine only.
 *
 * <p>Every connection makes a full handshake: engines are created without the peer's host and port,
 * so the JDK never offers to resume a session, and every server gets the same work per connection.
 * Not thread-safe: the thread's own.
 */
final class ClientTls {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLContext context;
    private final int packetSize;
    /**
     * Received records, after what a connection held. No larger than the read buffer they are
     * unwrapped into, so that whatever it holds fits there at once (a record's plaintext is shorter
     * than the record): an unwrap never stops for want of room, and nothing whole is left behind
     * waiting for a readiness event that may never come.
     *
     * <p>On the heap, as {@link #netOut}: the JDK decrypts a record where it lies and encrypts in the
     * destination, and JDK 17's AES-GCM is slower on direct buffers ({@code GHASH.processBlocksDirect}
     * copies through a temporary array): on this kind of machine a warm 64 KiB wrap and unwrap took
     * 45 us with direct buffers, 34 us with heap ones. The copy the socket then makes through its
     * temporary direct buffer costs less than that difference.
     */
    private final ByteBuffer netIn;
    /** Records wrapped for one write. */
    private final ByteBuffer netOut;
    /** Where a handshake's unwrap puts application data, of which there is none. */
    private final ByteBuffer handshakeScratch;
    /** Protocol and cipher suite of the first handshake done; for the report. */
    private volatile String negotiated;

    ClientTls(SSLContext context, int readBufferCapacity) {
        this.context = context;
        SSLSession session = context.createSSLEngine().getSession();
        this.packetSize = session.getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(readBufferCapacity);
        this.netOut = ByteBuffer.allocate(16 * packetSize);
        this.handshakeScratch = ByteBuffer.allocate(session.getApplicationBufferSize());
    }

    /** Starts the TLS client side of a connection whose TCP connect has been started. */
    Connection open(SocketChannel channel) throws SSLException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.beginHandshake();
        return new Connection(channel, engine);
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384", or null before the first handshake is done. */
    String negotiated() {
        return negotiated;
    }

    /** The TLS side of one connection. */
    final class Connection {
        private final SocketChannel channel;
        private final SSLEngine engine;
        /** Received bytes not unwrapped yet (read mode); null when none. */
        private ByteBuffer heldIn;
        /** Wrapped bytes the socket has not taken yet (read mode); null when none. */
        private ByteBuffer heldOut;
        /**
         * The buffers held bytes were last kept in, kept for the next time: a busy connection
         * leaves a record cut short after most reads, and a large echo more than the socket takes.
         */
        private ByteBuffer spareIn;
        private ByteBuffer spareOut;
        private boolean handshakeDone;
        private boolean inputClosed;

        private Connection(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
        }

        /**
         * Takes the handshake as far as the socket allows; true once it is done. Until then the
         * connection waits for readability, or writability while {@link #hasHeldOutput()}.
         */
        boolean handshake() throws IOException {
            if (handshakeDone) {
                return true;
            }
            if (heldOut != null && !writeHeld()) {
                return false;
            }
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        if (!wrapOwn()) {
                            return false;
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapHandshake()) {
                            return false;
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        handshakeDone = true;
                        if (negotiated == null) {
                            negotiated = engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
                        }
                        return true;
                    }
                }
            }
        }

        /** Unwraps one handshake record, reading when none is whole; false when the socket has no more yet. */
        private boolean unwrapHandshake() throws IOException {
            ByteBuffer net = takeHeldIn();
            int read = 0;
            try {
                while (true) {
                    net.flip();
                    handshakeScratch.clear();
                    SSLEngineResult result = engine.unwrap(net, handshakeScratch);
                    net.compact();
                    if (result.bytesProduced() > 0) {
                        throw new SSLException("the server sent application data inside the TLS handshake");
                    }
                    if (result.getStatus() == Status.CLOSED) {
                        throw new EOFException("the server closed TLS during the handshake");
                    }
                    if (result.getStatus() != Status.BUFFER_UNDERFLOW) {
                        return true;
                    }
                    if (read < 0) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                    read = channel.read(net);
                    if (read == 0) {
                        return false;
                    }
                }
            } finally {
                net.flip();
                holdIn(net);
            }
        }

        /**
         * Reads what the socket has and unwraps it into {@code into} (cleared by the caller, as for
         * {@code SocketChannel.read}); returns the plaintext bytes, 0 when none are whole yet, -1 at
         * the end of the server's input (close_notify or the socket's end).
         */
        int read(ByteBuffer into) throws IOException {
            if (inputClosed) {
                return -1;
            }
            ByteBuffer net = takeHeldIn();
            int count = channel.read(net);
            net.flip();
            int produced = 0;
            try {
                while (net.hasRemaining() && !inputClosed) {
                    SSLEngineResult result = engine.unwrap(net, into);
                    produced += result.bytesProduced();
                    if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                        break; // a record cut short: the rest comes with a later read
                    }
                    if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                        // The JDK checks for room for the whole record before it checks that the
                        // record is whole: a record cut short near the end of a full read lands here.
                        if (net.remaining() < recordLength(net)) {
                            break;
                        }
                        throw new SSLException("no room for a " + recordLength(net) + "-byte record in the read buffer");
                    }
                    inputClosed = result.getStatus() == Status.CLOSED;
                    answerPostHandshake(result.getHandshakeStatus());
                }
            } finally {
                holdIn(net);
            }
            if (produced > 0) {
                return produced;
            }
            return inputClosed || count < 0 ? -1 : 0;
        }

        /**
         * Wraps and writes as much of {@code from} (read mode; null or empty for none) as the socket
         * takes; records it did not take are held and go first next time.
         */
        void write(ByteBuffer from) throws IOException {
            if (heldOut != null && !writeHeld()) {
                return;
            }
            while (from != null && from.hasRemaining()) {
                ByteBuffer out = netOut;
                out.clear();
                while (from.hasRemaining() && out.remaining() >= packetSize) {
                    SSLEngineResult result = engine.wrap(from, out);
                    if (result.getStatus() != Status.OK) {
                        throw new SSLException("TLS output closed (" + result.getStatus() + ")");
                    }
                }
                out.flip();
                if (!writeOrHold(out)) {
                    return;
                }
            }
        }

        /** {@return whether wrapped bytes wait for the socket: the connection needs writability} */
        boolean hasHeldOutput() {
            return heldOut != null;
        }

        /** Sends close_notify if the socket takes it at once; before a close, best effort. */
        void closeOutbound() {
            try {
                engine.closeOutbound();
                if (heldOut == null && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    wrapOwn();
                }
            } catch (IOException | RuntimeException e) {
                // the socket closes next anyway
            }
        }

        /** A TLS 1.3 key update or a TLS 1.2 close_notify asks for an answer of ours. */
        private void answerPostHandshake(HandshakeStatus status) throws IOException {
            while (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP) {
                if (status == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                } else if (!wrapOwn()) {
                    return; // held: written once the socket is writable
                }
                status = engine.getHandshakeStatus();
            }
        }

        private void runDelegatedTasks() {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run(); // on this thread: the client's handshakes cost its own CPU, as they would anywhere
            }
        }

        /** Wraps one message of TLS's own (handshake, alert) and writes it; false if the socket did not take it all. */
        private boolean wrapOwn() throws IOException {
            ByteBuffer out = netOut;
            out.clear();
            SSLEngineResult result = engine.wrap(EMPTY, out);
            out.flip();
            boolean written = writeOrHold(out);
            if (result.getStatus() == Status.CLOSED && !handshakeDone) {
                throw new SSLException("TLS closed during the handshake");
            }
            return written;
        }

        private boolean writeOrHold(ByteBuffer out) throws IOException {
            if (heldOut != null) { // an answer while records wait: it goes after them
                ByteBuffer joined = ByteBuffer.allocate(heldOut.remaining() + out.remaining());
                joined.put(heldOut).put(out).flip();
                heldOut = spareOut = joined;
                return false;
            }
            channel.write(out);
            if (out.hasRemaining()) {
                heldOut = spareOut = keep(out, spareOut);
                return false;
            }
            return true;
        }

        private boolean writeHeld() throws IOException {
            channel.write(heldOut);
            if (heldOut.hasRemaining()) {
                return false;
            }
            heldOut = null;
            return true;
        }

        /** The thread's network buffer in write mode, with what this connection held in front. */
        private ByteBuffer takeHeldIn() {
            ByteBuffer net = netIn;
            net.clear();
            if (heldIn != null) {
                net.put(heldIn);
                heldIn = null;
            }
            return net;
        }

        /** Keeps what is left of {@code net} (read mode) for the next read. */
        private void holdIn(ByteBuffer net) {
            heldIn = net.hasRemaining() ? (spareIn = keep(net, spareIn)) : null;
        }
    }

    /** The length of the record that starts at {@code net}'s position, header included; MAX_VALUE if its header is cut short. */
    private static int recordLength(ByteBuffer net) {
        if (net.remaining() < 5) {
            return Integer.MAX_VALUE;
        }
        int p = net.position();
        return 5 + ((net.get(p + 3) & 0xFF) << 8 | (net.get(p + 4) & 0xFF));
    }

    /** {@code source}'s remaining bytes, copied into {@code spare} if they fit, else into a new buffer; read mode. */
    private static ByteBuffer keep(ByteBuffer source, ByteBuffer spare) {
        ByteBuffer copy = spare != null && spare.capacity() >= source.remaining() ? spare.clear()
                : ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return copy;
    }
}
