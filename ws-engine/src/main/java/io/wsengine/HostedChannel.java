package io.wsengine;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of an upgraded connection that another server accepted and carries, such as a servlet
 * container on the web application's port: what the engine needs of it. Implemented by the host's
 * glue; the engine calls it from the connection's event loop only, one call at a time. Both calls
 * are non-blocking. When one finds nothing to read, or no room to write, the host calls
 * {@link HostedConnection#readable()} or {@link HostedConnection#writable()} once it has.
 */
public interface HostedChannel {

    /**
     * Reads what is there now.
     *
     * @param into where the bytes go
     * @return the bytes read; 0 when nothing is there now (the host then calls
     *         {@link HostedConnection#readable()} when there is); -1 at the end of the peer's input
     * @throws IOException when the connection failed
     */
    int read(ByteBuffer into) throws IOException;

    /**
     * Takes what the connection takes now, advancing the buffer's position.
     *
     * @param from the bytes to send
     * @return the bytes taken; fewer than remained when the host is full for now (it then calls
     *         {@link HostedConnection#writable()} when it has room)
     * @throws IOException when the connection failed
     */
    int write(ByteBuffer from) throws IOException;

    /** Sends what was taken and closes the connection; idempotent, never throws. */
    void close();
}
