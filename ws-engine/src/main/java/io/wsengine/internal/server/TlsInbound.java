package io.wsengine.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The receiving half of an open TLS connection: reads records into the loop's network buffer and
 * unwraps them straight into the loop's read buffer. Bytes left over (a record cut short, or records
 * the read buffer had no room for) are copied into a buffer of the connection's own, exactly as
 * large, until the next read. Event loop only.
 */
final class TlsInbound {
    private static final byte HANDSHAKE_RECORD = 22;

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final TlsLoop tls;
    private final TlsOutbound outbound;
    /** Received bytes not yet unwrapped; null when none. */
    private ByteBuffer held;
    /** {@link #held} may hold whole records: the core must read again, though the socket may have nothing new. */
    private boolean moreHeld;
    private boolean closed;
    private boolean tls13;

    TlsInbound(SSLEngine engine, SocketChannel channel, TlsLoop tls, TlsOutbound outbound) {
        this.engine = engine;
        this.channel = channel;
        this.tls = tls;
        this.outbound = outbound;
    }

    /**
     * The handshake is done: records from now on carry application data (and, in TLS 1.3,
     * post-handshake messages). Bytes held from the handshake's last read are the client's first
     * records, such as its upgrade request: the core reads them at once.
     */
    void opened(String protocol) {
        tls13 = "TLSv1.3".equals(protocol);
        moreHeld = held != null;
    }

    boolean moreHeld() {
        return moreHeld;
    }

    /** The loop's network buffer for reading, with the held bytes in front, then what the socket has now. */
    ByteBuffer fill() throws IOException {
        ByteBuffer net = tls.netIn;
        net.clear();
        if (held != null) {
            net.put(held);
            held = null;
        }
        int count = net.hasRemaining() ? channel.read(net) : 0;
        net.flip();
        if (count < 0) {
            closed = true; // the socket's input ended; what it gave before is still unwrapped
        }
        return net;
    }

    boolean ended() {
        return closed;
    }

    /** Keeps what the network buffer still has, for the next read. */
    void hold(ByteBuffer net) {
        held = net.hasRemaining() ? TlsOutbound.copyOf(net) : null;
        moreHeld = moreHeld && held != null;
    }

    /**
     * Reads and unwraps what is there now into the buffer.
     *
     * @return the plaintext bytes; 0 when none is there now; -1 after close_notify or at the end of the socket's input
     */
    int read(ByteBuffer into) throws IOException {
        if (closed && held == null) {
            return -1;
        }
        ByteBuffer net = fill();
        int produced;
        try {
            produced = unwrap(net, into);
        } finally {
            hold(net);
        }
        if (produced > 0) {
            return produced;
        }
        if (closed) {
            held = null; // a record cut short by the end of input is dropped
            return -1;
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
                    closed = true; // close_notify
                    net.position(net.limit()); // nothing after it counts
                    answer(result.getHandshakeStatus());
                    return produced;
                }
                case OK -> answer(result.getHandshakeStatus());
            }
        }
        return produced;
    }

    /** A TLS 1.3 key update asks for one of ours; a TLS 1.2 close_notify for our own close_notify. */
    private void answer(HandshakeStatus status) throws IOException {
        while (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP) {
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (!outbound.wrapOwn()) {
                return; // held: written when the socket is writable
            }
            status = engine.getHandshakeStatus();
        }
    }

    /** Drops what is held: the connection is closing. */
    void drop() {
        held = null;
        moreHeld = false;
    }
}
