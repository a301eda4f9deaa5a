package io.wsengine.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * A connection's bytes as the protocol core sees them, whatever carries them: a plain socket
 * ({@link PlainTransport}), TLS on the same loop ({@link TlsTransport}), and an upgraded servlet
 * connection to come. The core reads and writes plaintext; a transport that must transform it (TLS)
 * may hold bytes it has taken but not yet put on the wire. Used by one thread at a time, the
 * connection's owner, so an implementation needs no locks.
 */
interface Transport {

    /**
     * Reads what is there now into the buffer.
     *
     * @return the bytes read; 0 when nothing is there now; -1 at the end of the peer's input
     */
    int read(ByteBuffer into) throws IOException;

    /**
     * Takes what the connection takes now from the buffer, advancing its position. A transport may
     * hold some of the bytes it took (see {@link #heldPlaintext()}).
     *
     * @return the bytes taken; fewer than remained when the connection is full for now
     */
    int write(ByteBuffer from) throws IOException;

    /**
     * Writes what the transport holds from earlier writes, as far as the connection takes it now.
     *
     * @return the bytes written to the wire
     */
    default int writeHeld() throws IOException {
        return 0;
    }

    /** {@return bytes on their way to the wire that the transport holds: taken, transformed, not yet written} */
    default int heldWireBytes() {
        return 0;
    }

    /**
     * {@return how many of the last plaintext bytes taken are not yet wholly on the wire; a frame is
     * written, and its send complete, only once its bytes are out of this count}
     */
    default int heldPlaintext() {
        return 0;
    }

    /** Asks to be told when the peer's bytes can be read, when more can be written, or both, or neither. */
    void interest(boolean read, boolean write);

    /** Ends our side of the stream: the peer reads the end after what was written. */
    void shutdownOutput() throws IOException;

    /** Closes the connection and releases what it holds; idempotent, never throws. */
    void close();

    /** {@return the TLS session, or null when the connection is not TLS} */
    default SSLSession tlsSession() {
        return null;
    }
}
