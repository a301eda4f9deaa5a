package io.wsengine.internal.deflate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Where the engine's Inflaters and Deflaters are made and ended. zlib's memory is native, outside the
 * heap: only {@code end()} frees it at once (the JDK's Cleaner frees it too, but only after a GC that
 * may be long in coming). So every one made here is counted until it is ended, and a leak shows as a
 * count that does not come back, which no RSS reading can tell apart from memory the Cleaner has yet
 * to free.
 */
public final class Zlib {
    private static final AtomicLong OPEN = new AtomicLong();

    private Zlib() {
    }

    /** {@return a raw inflater (no zlib header or checksum, as RFC 7692 section 7.2.2 wants)} */
    static Inflater newInflater() {
        OPEN.incrementAndGet();
        return new Inflater(true);
    }

    /** {@return a raw deflater at this level (RFC 7692 section 7.2.1)} */
    static Deflater newDeflater(int level) {
        OPEN.incrementAndGet();
        return new Deflater(level, true);
    }

    static void end(Inflater inflater) {
        inflater.end();
        OPEN.decrementAndGet();
    }

    static void end(Deflater deflater) {
        deflater.end();
        OPEN.decrementAndGet();
    }

    /** {@return how many Inflaters and Deflaters the engine has made and not yet ended, in this JVM} */
    public static long open() {
        return OPEN.get();
    }
}
