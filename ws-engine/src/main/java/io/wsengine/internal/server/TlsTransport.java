package io.wsengine.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A connection's bytes in TLS records on its socket: {@code wss://}. It runs the TLS handshake
 * itself, in its turn among the loop's ({@link TlsLoop}), then gives the protocol core plaintext
 * through its two halves, {@link TlsInbound} and {@link TlsOutbound}. An idle connection holds
 * nothing but its {@link SSLEngine} and these three small objects: every buffer is the loop's, but
 * for what the socket leaves over, and only while it does.
 */
final class TlsTransport extends SocketTransport {
    private static final System.Logger LOG = System.getLogger(TlsTransport.class.getName());

    private enum State {
        /** Waiting for one of the loop's handshake turns. */
        WAITING,
        HANDSHAKING,
        OPEN,
        CLOSED
    }

    private final TlsLoop tls;
    private final SSLEngine engine;
    private final TlsOutbound outbound;
    private final TlsInbound inbound;
    private State state = State.WAITING;
    /** The session once the handshake is done; kept for the application after the close. */
    private volatile SSLSession session;
    /** What the core last asked for. */
    private boolean readInterest = true;
    private boolean writeInterest;
    /** The engine's delegated tasks run on a task thread; the loop leaves the engine alone until they are done. */
    private boolean tasksRunning;
    /** Closed: a task thread that has not started this connection's tasks skips them. */
    private volatile boolean abandoned;

    TlsTransport(SocketChannel channel, Connection connection, TlsLoop tls) {
        super(channel, connection);
        this.tls = tls;
        this.engine = tls.engines.newEngine();
        this.outbound = new TlsOutbound(engine, channel, tls);
        this.inbound = new TlsInbound(engine, channel, tls, outbound);
    }

    @Override
    void register(Selector selector) throws IOException {
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
            if (writable && outbound.holdsBytes() && outbound.heldFrameBytes() == 0) {
                outbound.writeHeld(); // only the transport's own bytes: the core writes its frames itself
            }
            if (tasksRunning) {
                selectFor(false, outbound.holdsBytes()); // the engine is the task threads' until tasksDone
                return;
            }
            if (state == State.HANDSHAKING) {
                handshake();
                if (state != State.OPEN) {
                    return;
                }
                readable = inbound.moreHeld(); // the upgrade request may have come with the handshake's last record
                writable = false;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (state == State.OPEN) {
            connection.onReady(readable || inbound.moreHeld(), writable);
            readHeld();
        }
    }

    /**
     * Reads records held for lack of room in the read buffer: they do not make the socket readable.
     * A few rounds here, the rest in a later turn, so one connection cannot keep the loop.
     */
    private void readHeld() {
        for (int rounds = 0; inbound.moreHeld() && readInterest && state == State.OPEN; rounds++) {
            if (rounds == 16) {
                tls.loop.execute(this::readHeld);
                return;
            }
            connection.onReady(true, false);
        }
    }

    // ---- the handshake

    private void handshake() throws IOException {
        ByteBuffer net = inbound.fill();
        try {
            driveHandshake(net);
        } finally {
            inbound.hold(net);
        }
        if (state == State.OPEN) {
            inbound.opened(session.getProtocol());
        }
    }

    private void driveHandshake(ByteBuffer net) throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    if (runTasksElsewhere()) {
                        return; // the loop goes on with other connections; tasksDone continues here
                    }
                }
                case NEED_WRAP -> {
                    boolean written = outbound.wrapOwn();
                    if (engine.isOutboundDone()) {
                        throw new SSLException("TLS handshake failed: the engine sent its alert");
                    }
                    if (!written) {
                        selectFor(true, true);
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
                        if (inbound.ended()) {
                            throw new EOFException("the client closed the connection during the TLS handshake");
                        }
                        selectFor(true, outbound.holdsBytes());
                        return; // the rest of the record is still to come
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    state = State.OPEN;
                    session = engine.getSession();
                    tls.releaseHandshake();
                    if (connection.server.events != null) {
                        connection.server.events.tlsHandshake(session.getProtocol());
                    }
                    selectFor(readInterest, writeInterest || outbound.holdsBytes());
                    return;
                }
            }
        }
    }

    /**
     * Hands the engine's delegated tasks to the server's task threads ({@link TlsEngines#tasks()}),
     * and stops selecting for reads meanwhile: the engine is theirs until the tasks are done.
     *
     * @return false if the threads refused (the server is stopping): the tasks then ran here
     */
    private boolean runTasksElsewhere() {
        tasksRunning = true;
        selectFor(false, outbound.holdsBytes());
        try {
            tls.engines.tasks().execute(() -> {
                try {
                    Runnable task;
                    while (!abandoned && (task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } finally {
                    tls.loop.execute(this::tasksDone); // even after an Error: the turn must come back
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            tasksRunning = false;
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            return false;
        }
    }

    /** Back on the loop: the handshake goes on, and the core reads what came with its last flight. */
    private void tasksDone() {
        tasksRunning = false;
        if (state == State.CLOSED) {
            tls.releaseHandshake(); // closed while its tasks ran: the turn was kept until now, to bound the tasks in flight
            return;
        }
        try {
            handshake();
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (state == State.OPEN) {
            connection.onReady(inbound.moreHeld(), false);
            readHeld();
        }
    }

    // ---- the core's bytes

    @Override
    public int read(ByteBuffer into) throws IOException {
        int count = inbound.read(into);
        if (outbound.holdsBytes() && !writeInterest) {
            selectFor(readInterest, true); // a key update or close_notify to answer is held
        }
        return count;
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        return outbound.writeFrames(from);
    }

    @Override
    public int writeHeld() throws IOException {
        return outbound.writeHeld();
    }

    @Override
    public int heldWireBytes() {
        return outbound.heldFrameBytes();
    }

    @Override
    public int heldPlaintext() {
        return outbound.heldPlaintext();
    }

    @Override
    public void interest(boolean read, boolean write) {
        boolean resumed = read && !readInterest;
        readInterest = read;
        writeInterest = write;
        if (state == State.OPEN) {
            selectFor(read, write || outbound.holdsBytes());
            if (resumed && inbound.moreHeld()) {
                tls.loop.execute(this::readHeld); // reading resumed: held records do not make the socket readable
            }
        }
    }

    // ---- the end

    /** Sends close_notify, then ends the socket's output once it is written. */
    @Override
    public void shutdownOutput() throws IOException {
        outbound.shutdown();
        if (outbound.holdsBytes()) {
            selectFor(readInterest, true);
        }
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.HANDSHAKING && !tasksRunning) {
            tls.releaseHandshake(); // with tasks running, tasksDone gives it back
        }
        state = State.CLOSED;
        abandoned = true;
        if (!tasksRunning && !engine.isOutboundDone()) { // a task holds the engine's lock: no alert then
            try {
                outbound.sendCloseNotify(); // or the alert of a failed handshake: best effort, the socket closes next
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "no close_notify for " + connection, e);
            }
        }
        inbound.drop();
        outbound.drop();
        closeSocket();
    }

    /** A TLS failure: the engine's alert goes out if the socket takes it, and the connection is released. */
    private void fail(IOException e) {
        LOG.log(Level.DEBUG, "TLS failed for " + connection, e);
        if (state == State.HANDSHAKING && connection.server.events != null) {
            connection.server.events.tlsHandshake(null);
        }
        connection.release(); // calls close(), which wraps the pending alert
    }

    @Override
    public SSLSession tlsSession() {
        return session;
    }
}
