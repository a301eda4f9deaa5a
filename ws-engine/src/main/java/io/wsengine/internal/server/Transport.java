package io.wsengine.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's bytes as the protocol core sees them, whatever carries them: a plain socket today;
 * TLS on the same loop and an upgraded servlet connection are to come. Used by one thread at a time,
 * the connection's owner, so an implementation needs no locks.
 */
interface Transport {

    /**
     * Reads what is there now into the buffer.
     *
     * @return the bytes read; 0 when nothing is there now; -1 at the end of the peer's input
     */
    int read(ByteBuffer into) throws IOException;

    /**
     * Writes what the connection takes now from the buffer, advancing its position.
     *
     * @return the bytes taken; fewer than remained when the connection is full for now
     */
    int write(ByteBuffer from) throws IOException;

    /** Asks to be told when the peer's bytes can be read, when more can be written, or both, or neither. */
    void interest(boolean read, boolean write);

    /** Ends our side of the stream: the peer reads the end after what was written. */
    void shutdownOutput() throws IOException;

    /** Closes the connection and releases what it holds; idempotent, never throws. */
    void close();
}
