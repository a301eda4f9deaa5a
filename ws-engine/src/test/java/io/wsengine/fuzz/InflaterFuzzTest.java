package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.internal.deflate.MessageInflater;
import io.wsengine.internal.deflate.ZlibPool;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * permessage-deflate's inflation ({@code MessageInflater} inside {@code MessageAssembler}, through
 * {@code FrameReader}) over arbitrary compressed payloads in well-formed frames
 * ({@link CompressedStream}), under small message limits: a connection delivers messages, or fails
 * with {@code 1007} (invalid deflate data or UTF-8) or {@code 1009} (over a limit), and nothing
 * else; the same however the bytes are cut into reads; every message it delivers is within the limit
 * and is what {@link InflateReference} inflates; and it allocates about the limit per message, never
 * what the compressed data would inflate to.
 *
 * <p>Input: one byte of settings (bits 0-1 the limits, bit 2 client context takeover, bits 3-4 the
 * kind of read buffer, bit 5 readers moving between reads), one byte that seeds the read sizes, then
 * the frames' pieces as {@link CompressedStream} reads them.
 */
class InflaterFuzzTest {
    /** Message limit, then frame limit (the compressed frame's payload). */
    private static final long[][] LIMITS = {{100, 100}, {1000, 300}, {4096, 4096}, {16, 125}};
    /** Besides the messages' own arrays (up to the limit each): readers, reads, events, scratch. */
    private static final long FIXED_ALLOCATION = 1 << 20;

    static {
        // Loads and initializes what a first run would (a message, 1007, 1009, each kind of buffer),
        // outside any measured feed.
        byte[][] streams = {{1, 3, 0x4A, 0x04, 0x00}, {1, 2, (byte) 0xFF, (byte) 0xFF}, Arrays.copyOf(new byte[] {1, 120}, 122)};
        for (byte[] stream : streams) {
            byte[] wire = CompressedStream.parse(stream, 0).wire();
            for (ConnectionReads.Buffers buffers : ConnectionReads.Buffers.values()) {
                ZlibPool pool = new ZlibPool(6);
                MessageInflater inflater = new MessageInflater(pool, buffers == ConnectionReads.Buffers.HEAP);
                ConnectionReads.run(wire, Reads.pieces(wire.length, 1), buffers, true, 100, 100, inflater);
                inflater.release();
                pool.close();
            }
        }
        try (InflateReference reference = new InflateReference(false, 100)) {
            FrameOutcome.binary(reference.inflate(new byte[] {0x4A, 0x04, 0x00}));
        }
    }

    @FuzzTest(maxDuration = "10m")
    void compressedMessagesInflateWithinTheLimitOrClose1007Or1009(byte[] input) {
        run(input);
    }

    private static void run(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int settings = input[0] & 0xFF;
        long[] limits = LIMITS[settings & 3];
        boolean takeover = (settings & 4) != 0;
        ConnectionReads.Buffers buffers = ConnectionReads.Buffers.values()[((settings >> 3) & 3) % 3];
        boolean moveReaders = (settings & 0x20) != 0;
        CompressedStream stream = CompressedStream.parse(input, 2);
        String context = "limits " + Arrays.toString(limits) + (takeover ? ", takeover" : ", no takeover") + ", "
                + buffers + " buffers" + (moveReaders ? ", readers moving" : "") + ", messages " + describe(stream);

        FrameOutcome first = null;
        for (int[] reads : Reads.cuttings(stream.wire().length, input[1])) {
            ZlibPool pool = new ZlibPool(6);
            MessageInflater inflater = new MessageInflater(pool, takeover);
            FrameOutcome outcome;
            long allocated;
            try {
                long before = allocatedByThisThread();
                outcome = ConnectionReads.run(stream.wire(), reads, buffers, moveReaders, limits[1], limits[0], inflater);
                allocated = allocatedByThisThread() - before;
            } finally {
                inflater.release();
                pool.close();
            }
            String where = context + ", " + Reads.describe(reads) + ":\n engine: " + outcome;
            check(outcome.failure() == 0 || outcome.failure() == 1007 || outcome.failure() == 1009, where,
                    "only messages, 1007 or 1009");
            long delivered = outcome.events().stream().mapToLong(String::length).sum();
            long bound = FIXED_ALLOCATION + 16 * delivered + 64L * stream.wire().length
                    + 4 * limits[0] * (stream.messages().size() + 1);
            check(allocated <= bound, where, "at most " + bound + " bytes allocated, was " + allocated);
            if (first == null) {
                first = outcome;
                checkMessages(outcome, stream, takeover, limits[0], where);
            } else {
                check(outcome.equals(first), where, "the same outcome as whole: " + first);
            }
        }
    }

    /** Each message delivered is within the limit and what the reference inflates it to. */
    private static void checkMessages(FrameOutcome outcome, CompressedStream stream, boolean takeover, long limit,
            String where) {
        check(outcome.events().size() <= stream.messages().size(), where, "no more messages than were sent");
        try (InflateReference reference = new InflateReference(takeover, limit)) {
            for (int i = 0; i < outcome.events().size(); i++) {
                CompressedStream.Message message = stream.messages().get(i);
                byte[] data = message.compressed() ? reference.inflate(message.payload()) : message.payload();
                check(data != null && data.length <= limit, where, "message " + i + " within the limit of "
                        + limit + " bytes and valid deflate data, by the reference");
                String expected = message.opcode() == CompressedStream.TEXT
                        ? FrameOutcome.text(new String(data, StandardCharsets.UTF_8)) : FrameOutcome.binary(data);
                check(outcome.events().get(i).equals(expected), where, "message " + i + " as the reference: " + expected);
            }
        }
    }

    private static String describe(CompressedStream stream) {
        List<String> messages = new ArrayList<>();
        for (CompressedStream.Message message : stream.messages()) {
            String payload = HexFormat.of().formatHex(message.payload(), 0, Math.min(message.payload().length, 32));
            messages.add((message.opcode() == CompressedStream.TEXT ? "text" : "binary")
                    + (message.compressed() ? " compressed " : " plain ") + message.payload().length + " bytes "
                    + payload + (message.payload().length > 32 ? "..." : "") + (message.complete() ? "" : " unfinished"));
        }
        return messages.toString();
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void check(boolean condition, String where, String expected) {
        if (!condition) {
            throw new AssertionError("expected " + expected + "\n" + where);
        }
    }
}
