package io.wsengine.bench.soak;

import java.util.Locale;

/**
 * How much each sampled figure may grow after warm-up before the soak calls it a leak. A server in
 * a steady state holds the same descriptors and threads between two quiet moments, so their slack is
 * a few units of housekeeping (a JIT or GC thread started late, a descriptor the JVM opens for
 * itself). Live heap and RSS move a little by themselves (caches, JIT code, malloc arenas), so
 * theirs is a few MiB: small next to what a leak of even 100 bytes per connection adds over the
 * soak's hundreds of thousands of connections. benchmarks/README.md gives the figures behind them.
 */
public record Slack(int fds, int threads, long liveHeapBytes, long rssKiB) {
    /** The 10-minute soak. */
    public static final Slack LONG = new Slack(8, 4, 2L << 20, 32L << 10);
    /**
     * The in-build soak: about 30 s on a machine other builds share, a warm-up of seconds (the JIT
     * and the heap's caches are still settling), fewer connections, so looser bounds.
     */
    public static final Slack SHORT = new Slack(16, 8, 4L << 20, 64L << 10);

    String describe() {
        return String.format(Locale.ROOT, "descriptors +%d, threads +%d, live heap +%.0f MiB, RSS +%.0f MiB",
                fds, threads, liveHeapBytes / 1048576.0, rssKiB / 1024.0);
    }
}
