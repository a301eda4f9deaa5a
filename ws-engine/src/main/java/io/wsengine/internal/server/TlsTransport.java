package io.wsengine.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A connection's bytes in TLS records on its socket: {@code wss://}. It runs the TLS handshake
 * itself, then gives the protocol core plaintext: records are unwrapped straight into the loop's
 * read buffer, and wrapped from the loop's staging buffer into the loop's network buffer. What the
 * socket leaves over (a partial record in, records the socket did not take out) is copied into a
 * buffer of the connection's own, exactly as large, and dropped once used: an idle connection holds
 * nothing but its {@link SSLEngine}.
 *
 * <p>Bytes out that the connection holds come in two kinds: those of the core's frames, which the
 * core counts as buffered and whose sends complete only once they are on the wire, and the few the
 * transport writes for itself (handshake messages, alerts, a TLS 1.3 key update).
 */
final class TlsTransport extends SocketTransport {
    private static final System.Logger LOG = System.getLogger(TlsTransport.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final byte HANDSHAKE_RECORD = 22;

    private enum State {
        /** Waiting for one of the loop's handshake turns. */
        WAITING,
        HANDSHAKING,
        OPEN,
        CLOSED
    }

    private final TlsLoop tls;
    private final SSLEngine engine;
    private State state;
    /** Received bytes not yet unwrapped: a partial record, or records the read buffer had no room for. */
    private ByteBuffer heldIn;
    /** Wrapped bytes the socket has not taken yet; null when none. */
    private ByteBuffer heldOut;
    /** How many of {@link #heldOut}'s first bytes are the core's frames (the rest are the transport's own). */
    private int heldFrameBytes;
    /** Plaintext of the core's frames in {@link #heldOut}. */
    private int heldPlaintext;
    /** {@link #heldIn} may hold whole records: the core must read again, though the socket may have nothing new. */
    private boolean moreHeld;
    /** The session once the handshake is done; kept for the application after the close. */
    private volatile SSLSession session;
    private boolean tls13;
    private boolean inputClosed;
    private boolean outputShutPending;
    private boolean readInterest = true;
    private boolean writeInterest;

    TlsTransport(SocketChannel channel, Connection connection, TlsLoop tls) {
        super(channel, connection);
        this.tls = tls;
        this.engine = tls.engines.newEngine();
        this.state = State.WAITING;
    }

    @Override
    void register(java.nio.channels.Selector selector) throws IOException {
        super.register(selector);
        if (!tls.acquireHandshake(this)) {
            selectFor(false, false); // the client's hello waits in the socket until a turn is free
            return;
        }
        state = State.HANDSHAKING;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            tls.releaseHandshake();
            state = State.CLOSED;
            throw e;
        }
    }

    boolean isWaitingForHandshake() {
        return state == State.WAITING;
    }

    /**
     * Takes the turn the loop gives this waiting connection. The handshake begins in a task of the
     * loop; a close before it runs gives the turn back, as for any handshake in progress.
     */
    void takeTurn() {
        state = State.HANDSHAKING;
        tls.loop.execute(this::beginHandshake);
    }

    /** Starts the handshake once this connection has a turn; the client's hello is read when it is there. */
    private void beginHandshake() {
        if (state != State.HANDSHAKING) {
            return; // closed meanwhile
        }
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        selectFor(true, false);
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        boolean readable = (ready & SelectionKey.OP_READ) != 0;
        boolean writable = (ready & SelectionKey.OP_WRITE) != 0;
        try {
            if (writable && heldOut != null && heldFrameBytes == 0) {
                writeHeldOut(); // only the transport's own bytes are held; the core's are written by the core
            }
            if (state == State.HANDSHAKING) {
                handshake();
                if (state != State.OPEN) {
                    return;
                }
                readable = moreHeld; // the upgrade request may have come with the handshake's last record
                writable = false;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (state == State.OPEN) {
            connection.onReady(readable || moreHeld, writable);
            for (int rounds = 0; moreHeld && readInterest && state == State.OPEN && rounds < 16; rounds++) {
                connection.onReady(true, false);
            }
        }
    }

    // ---- the handshake

    private void handshake() throws IOException {
        ByteBuffer net = takeHeldIn();
        boolean eof = channel.read(net) < 0;
        net.flip();
        try {
            driveHandshake(net, eof);
        } finally {
            holdIn(net);
        }
    }

    private void driveHandshake(ByteBuffer net, boolean eof) throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runDelegatedTasks();
                case NEED_WRAP -> {
                    if (!wrapOwn()) {
                        return; // the socket is full: go on when it is writable
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    ByteBuffer scratch = tls.handshakeScratch;
                    scratch.clear();
                    SSLEngineResult result = engine.unwrap(net, scratch);
                    if (result.bytesProduced() > 0) {
                        throw new SSLException("application data inside the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the client closed the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        if (eof) {
                            throw new EOFException("the client closed the connection during the TLS handshake");
                        }
                        selectFor(true, heldOut != null);
                        return; // the rest of the record is still to come
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    handshakeDone(net);
                    return;
                }
            }
        }
    }

    private void handshakeDone(ByteBuffer net) {
        state = State.OPEN;
        session = engine.getSession();
        tls13 = "TLSv1.3".equals(session.getProtocol());
        tls.releaseHandshake();
        moreHeld = net.hasRemaining();
        selectFor(readInterest, writeInterest || heldOut != null);
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps one message of the transport's own and writes it; returns false if the socket did not take it all. */
    private boolean wrapOwn() throws IOException {
        ByteBuffer out = tls.netOut;
        out.clear();
        SSLEngineResult result = engine.wrap(EMPTY, out);
        out.flip();
        writeOwn(out);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
            throw new SSLException("TLS closed by an alert during the handshake");
        }
        return heldOut == null;
    }

    // ---- reading

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (inputClosed) {
            return -1;
        }
        ByteBuffer net = takeHeldIn();
        int count = net.hasRemaining() ? channel.read(net) : 0;
        net.flip();
        int produced;
        try {
            produced = unwrap(net, into);
        } finally {
            holdIn(net);
        }
        if (produced > 0) {
            return produced;
        }
        if (inputClosed || count < 0) {
            inputClosed = true;
            return -1; // close_notify, or the end of the socket's input (then maybe with a record cut short)
        }
        return 0;
    }

    private int unwrap(ByteBuffer net, ByteBuffer into) throws IOException {
        int produced = 0;
        moreHeld = false;
        while (net.hasRemaining()) {
            if (net.get(net.position()) == HANDSHAKE_RECORD && !tls13) {
                // TLS 1.2 renegotiation (TLS 1.3 sends its post-handshake messages in application data records)
                throw new SSLException("TLS renegotiation refused");
            }
            SSLEngineResult result = engine.unwrap(net, into);
            produced += result.bytesProduced();
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return produced; // a record cut short: the rest comes with a later read
                }
                case BUFFER_OVERFLOW -> {
                    moreHeld = true; // no room for the next record now: it is held, and the core reads again
                    return produced;
                }
                case CLOSED -> {
                    inputClosed = true; // close_notify
                    answerPostHandshake(result.getHandshakeStatus());
                    return produced;
                }
                case OK -> answerPostHandshake(result.getHandshakeStatus());
            }
        }
        return produced;
    }

    /** A TLS 1.3 key update asks for one of ours; a TLS 1.2 close_notify for our own close_notify. */
    private void answerPostHandshake(HandshakeStatus status) throws IOException {
        while (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP) {
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            } else if (!wrapOwn()) {
                return; // held: written when the socket is writable
            }
            status = engine.getHandshakeStatus();
        }
    }

    // ---- writing

    @Override
    public int write(ByteBuffer from) throws IOException {
        if (heldOut != null) {
            if (heldFrameBytes > 0) {
                return 0; // the core writes those first, with writeHeld, to count them
            }
            writeHeldOut();
            if (heldOut != null) {
                return 0; // nothing new until the socket has taken what it was given
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
            heldOut = copyOf(out);
        }
        return taken;
    }

    @Override
    public int writeHeld() throws IOException {
        return writeHeldOut();
    }

    /** Writes what is held; returns how many of the core's frame bytes went out. */
    private int writeHeldOut() throws IOException {
        int written = channel.write(heldOut);
        int frameBytes = Math.min(written, heldFrameBytes);
        heldFrameBytes -= frameBytes;
        if (heldFrameBytes == 0) {
            heldPlaintext = 0;
        }
        if (!heldOut.hasRemaining()) {
            heldOut = null;
            if (outputShutPending) {
                outputShutPending = false;
                channel.shutdownOutput();
            }
        }
        return frameBytes;
    }

    @Override
    public int heldWireBytes() {
        return heldFrameBytes;
    }

    @Override
    public int heldPlaintext() {
        return heldPlaintext;
    }

    /** Writes bytes of the transport's own, after whatever is held; holds what the socket does not take. */
    private void writeOwn(ByteBuffer out) throws IOException {
        if (!out.hasRemaining()) {
            return;
        }
        if (heldOut == null) {
            channel.write(out);
            if (out.hasRemaining()) {
                heldOut = copyOf(out);
            }
        } else {
            ByteBuffer joined = ByteBuffer.allocate(heldOut.remaining() + out.remaining());
            joined.put(heldOut).put(out).flip();
            heldOut = joined;
        }
        if (heldOut != null) {
            selectFor(readInterest, true);
        }
    }

    @Override
    public void interest(boolean read, boolean write) {
        readInterest = read;
        writeInterest = write;
        if (state == State.OPEN) {
            boolean resumed = read && moreHeld;
            selectFor(read, write || heldOut != null);
            if (resumed) {
                tls.loop.execute(() -> {
                    if (state == State.OPEN && moreHeld && readInterest) {
                        connection.onReady(true, false); // held records do not make the socket readable
                    }
                });
            }
        }
    }

    // ---- the end

    /** Sends close_notify, then ends the socket's output once it is written. */
    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && wrapOwn()) {
            // close_notify, and whatever else the engine must send first
        }
        if (heldOut == null) {
            channel.shutdownOutput();
        } else {
            outputShutPending = true;
        }
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.HANDSHAKING) {
            tls.releaseHandshake();
        }
        state = State.CLOSED;
        if (!engine.isOutboundDone()) {
            try {
                engine.closeOutbound();
                while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && wrapOwn()) {
                    // close_notify, or the alert of a failed handshake: best effort, the socket closes next
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "no close_notify for " + connection, e);
            }
        }
        heldIn = null;
        heldOut = null;
        closeSocket();
    }

    /** A TLS failure: the engine's alert goes out if the socket takes it, and the connection is released. */
    private void fail(IOException e) {
        LOG.log(Level.DEBUG, "TLS failed for " + connection, e);
        connection.release(); // calls close(), which wraps the pending alert
    }

    @Override
    public SSLSession tlsSession() {
        return session;
    }

    // ---- held bytes

    /** The loop's network buffer for reading, with the held bytes in front; clears what was held. */
    private ByteBuffer takeHeldIn() {
        ByteBuffer net = tls.netIn;
        net.clear();
        if (heldIn != null) {
            net.put(heldIn);
            heldIn = null;
        }
        return net;
    }

    private void holdIn(ByteBuffer net) {
        heldIn = net.hasRemaining() ? copyOf(net) : null;
    }

    private static ByteBuffer copyOf(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return copy;
    }
}
