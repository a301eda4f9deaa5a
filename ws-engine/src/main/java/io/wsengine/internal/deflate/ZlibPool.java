package io.wsengine.internal.deflate;

import java.util.ArrayDeque;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One event loop's Inflaters and Deflaters for the messages of connections without context takeover,
 * which borrow one per message and give it back reset: an idle connection then holds no zlib memory,
 * and the loop keeps only the few that its next messages are likely to need. Also the loop's scratch
 * arrays for the codec. Event loop only.
 */
public final class ZlibPool {
    /** Inflaters stay borrowed while a message's frames arrive, so a few may be out at once. */
    private static final int MAX_IDLE_INFLATERS = 8;
    /** A deflater is borrowed and returned within one compression, so a loop needs one at a time. */
    private static final int MAX_IDLE_DEFLATERS = 2;
    private static final int INFLATED_SCRATCH = 16 * 1024;
    private static final int COMPRESSED_SCRATCH = 8 * 1024;
    private static final int DEFLATED_SCRATCH = 16 * 1024;

    private final int level;
    private final ArrayDeque<Inflater> idleInflaters = new ArrayDeque<>();
    private final ArrayDeque<Deflater> idleDeflaters = new ArrayDeque<>();
    private boolean closed;
    // Allocated on first use: a loop whose connections never compress holds none.
    private byte[] inflated;
    private byte[] compressed;
    private byte[] deflated;

    /** A pool whose deflaters compress at this level (the server's). */
    public ZlibPool(int level) {
        this.level = level;
    }

    /** {@return the level this pool's deflaters compress at} */
    public int level() {
        return level;
    }

    Inflater borrowInflater() {
        Inflater inflater = idleInflaters.poll();
        return inflater != null ? inflater : Zlib.newInflater();
    }

    /** Takes back an inflater, reset; keeps it if the pool has room, ends it otherwise. */
    void giveBack(Inflater inflater) {
        if (closed || idleInflaters.size() >= MAX_IDLE_INFLATERS) {
            Zlib.end(inflater);
            return;
        }
        inflater.reset();
        idleInflaters.push(inflater);
    }

    Deflater borrowDeflater() {
        Deflater deflater = idleDeflaters.poll();
        return deflater != null ? deflater : Zlib.newDeflater(level);
    }

    /** Takes back a deflater, reset; keeps it if the pool has room, ends it otherwise. */
    void giveBack(Deflater deflater) {
        if (closed || idleDeflaters.size() >= MAX_IDLE_DEFLATERS) {
            Zlib.end(deflater);
            return;
        }
        deflater.reset();
        idleDeflaters.push(deflater);
    }

    /** Where inflated bytes land before they are handed on; its contents last until the next inflation. */
    byte[] inflatedScratch() {
        if (inflated == null) {
            inflated = new byte[INFLATED_SCRATCH];
        }
        return inflated;
    }

    /** Where a frame's compressed bytes are unmasked before they are inflated. */
    byte[] compressedScratch() {
        if (compressed == null) {
            compressed = new byte[COMPRESSED_SCRATCH];
        }
        return compressed;
    }

    /** Where a message is compressed before it is copied into its frame. */
    byte[] deflatedScratch() {
        if (deflated == null) {
            deflated = new byte[DEFLATED_SCRATCH];
        }
        return deflated;
    }

    /** Ends every idle inflater and deflater, and those given back from now on: the loop has ended. */
    public void close() {
        closed = true;
        for (Inflater inflater; (inflater = idleInflaters.poll()) != null; ) {
            Zlib.end(inflater);
        }
        for (Deflater deflater; (deflater = idleDeflaters.poll()) != null; ) {
            Zlib.end(deflater);
        }
    }

    /** {@return how many inflaters and deflaters the pool keeps idle now} */
    int idle() {
        return idleInflaters.size() + idleDeflaters.size();
    }
}
