package io.wsengine.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How a byte stream is cut into reads. A socket may hand over a request or a frame in any number of
 * pieces, so every parser must come to the same result whether its input arrives whole, a byte at a
 * time, or in pieces of any other sizes.
 */
final class Reads {
    private Reads() {
    }

    /** The lengths of the reads: whole, pieces drawn from the seed, then one byte at a time. */
    static List<int[]> cuttings(int length, long seed) {
        return List.of(whole(length), pieces(length, seed), bytewise(length));
    }

    static int[] whole(int length) {
        return length == 0 ? new int[0] : new int[] {length};
    }

    static int[] bytewise(int length) {
        int[] reads = new int[length];
        Arrays.fill(reads, 1);
        return reads;
    }

    /**
     * Mostly short pieces, so that headers and UTF-8 sequences are cut everywhere, and now and then a
     * long one, so that the parsers' whole-header and whole-head fast paths run too.
     */
    static int[] pieces(int length, long seed) {
        Random random = new Random(seed);
        int[] reads = new int[length];
        int count = 0;
        for (int done = 0; done < length; count++) {
            int piece = random.nextInt(8) == 0 ? 1 + random.nextInt(2048) : 1 + random.nextInt(20);
            reads[count] = Math.min(piece, length - done);
            done += reads[count];
        }
        return Arrays.copyOf(reads, count);
    }

    /** For failure messages: the lengths, shortened. */
    static String describe(int[] reads) {
        if (reads.length == 1) {
            return "whole";
        }
        if (reads.length > 0 && Arrays.stream(reads).allMatch(r -> r == 1)) {
            return "a byte at a time";
        }
        String all = Arrays.toString(reads);
        return "reads of " + (all.length() > 200 ? all.substring(0, 200) + "...]" : all);
    }
}
