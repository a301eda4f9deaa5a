package io.wsengine.internal.server;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * What the TLS connections of one event loop share: the buffers records are read into and wrapped
 * into (a connection keeps only what the socket left over, and only until it goes), and the turns
 * of the TLS handshakes. A handshake's costly part, the engine's delegated tasks, runs on the
 * server's task threads ({@link TlsEngines#tasks()}); the number of handshakes in progress at a
 * time bounds what a flood of them takes from the loop's open sessions (the handshakes' reads,
 * writes and wraps, and their memory). Past it, new connections wait their turn, unread. Event
 * loop only.
 */
final class TlsLoop {
    /** Wrapped records per write: the loop's staging buffer (256 KiB) in records of at most 16 KiB, and one more. */
    static final int MAX_RECORDS_PER_WRITE = 18;

    final EventLoop loop;
    final TlsEngines engines;
    /** A record's largest size on the wire, as the JDK's engines report it. */
    final int packetSize;
    /** Received records, with what the connection held from its last read in front. */
    final ByteBuffer netIn;
    /** Records wrapped for one write. */
    final ByteBuffer netOut;
    /** Where a handshake's unwrap puts application data, of which a handshake has none. */
    final ByteBuffer handshakeScratch;
    /** Where each record of the write in progress ends, on the wire and in plaintext taken. */
    final int[] recordWireEnds = new int[MAX_RECORDS_PER_WRITE];
    final int[] recordPlainEnds = new int[MAX_RECORDS_PER_WRITE];
    private final int maxHandshakes;
    private int handshakes;
    private final ArrayDeque<TlsTransport> waiting = new ArrayDeque<>();

    TlsLoop(EventLoop loop, TlsEngines engines) {
        this.loop = loop;
        this.engines = engines;
        SSLEngine probe = engines.newEngine();
        SSLSession session = probe.getSession();
        this.packetSize = session.getPacketBufferSize();
        int applicationSize = session.getApplicationBufferSize();
        probe.closeOutbound();
        this.netIn = ByteBuffer.allocateDirect(Math.max(64 * 1024, 2 * packetSize));
        this.netOut = ByteBuffer.allocateDirect(MAX_RECORDS_PER_WRITE * packetSize);
        this.handshakeScratch = ByteBuffer.allocate(applicationSize);
        this.maxHandshakes = engines.config().maxHandshakesPerLoop();
    }

    /** Takes a handshake turn now if one is free; otherwise the transport waits and is started later. */
    boolean acquireHandshake(TlsTransport transport) {
        if (handshakes < maxHandshakes) {
            handshakes++;
            return true;
        }
        waiting.add(transport);
        return false;
    }

    /** Gives a turn back (a handshake ended or failed), and starts the next waiting one, if any. */
    void releaseHandshake() {
        handshakes--;
        TlsTransport next;
        while ((next = waiting.poll()) != null) {
            if (next.isWaitingForHandshake()) {
                handshakes++;
                next.takeTurn(); // begins in a task, not from here: a failure would release again, recursing
                return;
            }
        }
    }

    /** {@return handshakes in progress on this loop} */
    int handshakesInProgress() {
        return handshakes;
    }

    /** {@return connections waiting for a handshake turn} */
    int handshakesWaiting() {
        return waiting.size();
    }
}
