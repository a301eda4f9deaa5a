package io.wsengine.testing;

import java.util.Random;

/**
 * The random source of a property test: a fresh seed each run, so that runs together try more cases,
 * and the seed in every failure message ({@link #toString()}), so that a failing run can be replayed
 * with {@code -Dwsengine.seed=<seed>}.
 */
public final class SeededRandom extends Random {
    private final long seed;

    private SeededRandom(long seed) {
        super(seed);
        this.seed = seed;
    }

    /** The seed given as {@code -Dwsengine.seed}, else a new one. */
    public static SeededRandom create() {
        Long given = Long.getLong("wsengine.seed");
        return new SeededRandom(given != null ? given : new Random().nextLong());
    }

    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "seed " + seed + " (replay with -Dwsengine.seed=" + seed + ")";
    }
}
