package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.concat;
import static io.wsengine.internal.frame.ClientFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.internal.deflate.MessageInflater;
import io.wsengine.internal.deflate.ZlibPool;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compression bombs of many kinds: each is a small input that stands for far more than the 1 MiB
 * message limit, and each closes {@code 1009} having allocated about the limit, never what the bomb
 * stands for, measured with the thread's allocation counter as {@code MessageAssemblerTest} measures.
 */
class CompressionBombsTest {
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int LIMIT = 1 << 20;
    private static final int MIB = 1 << 20;
    /** What inflating a bomb may allocate: the message array doubles on its way to the limit (about 2 MiB in all), and the inflater's scratch. */
    private static final long ALLOCATION_BOUND = (3L << 20) + (512 << 10);

    /** The kinds of bomb, each with the frames it comes in and whether it needs context takeover. */
    enum Bomb {
        /** 100 MiB of zeros in one binary frame of about 100 KiB. */
        ZEROS_IN_ONE_FRAME(false) {
            @Override
            byte[] wire(Deflater context) {
                return frame(FIN | RSV1 | Opcode.BINARY, repeatedBlocks(context, new byte[MIB], 100));
            }
        },
        /** The same in text: valid UTF-8 all along, so only the limit can stop it. */
        LETTERS_IN_TEXT(false) {
            @Override
            byte[] wire(Deflater context) {
                byte[] letters = new byte[MIB];
                Arrays.fill(letters, (byte) 'a');
                return frame(FIN | RSV1 | Opcode.TEXT, repeatedBlocks(context, letters, 100));
            }
        },
        /** 20 MiB of zeros in 40 fragments. */
        ZEROS_IN_FRAGMENTS(false) {
            @Override
            byte[] wire(Deflater context) {
                return fragments(repeatedBlocks(context, new byte[MIB], 20), 40);
            }
        },
        /** 8 MiB of zeros, one compressed byte per frame. */
        ONE_BYTE_PER_FRAME(false) {
            @Override
            byte[] wire(Deflater context) {
                byte[] compressed = repeatedBlocks(context, new byte[MIB], 8);
                return fragments(compressed, compressed.length - 1);
            }
        },
        /** Ended by a final block instead of the tail a sender strips: the inflater must count it all the same. */
        ENDED_BY_A_FINAL_BLOCK(false) {
            @Override
            byte[] wire(Deflater context) {
                byte[] finalEmptyStoredBlock = {0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
                return frame(FIN | RSV1 | Opcode.BINARY,
                        concat(repeatedBlocks(context, new byte[MIB], 50), finalEmptyStoredBlock));
            }
        },
        /**
         * With context takeover: a first message of 32 KiB (under the limit) fills the window, and the
         * next one is nothing but references back into it.
         */
        REFERENCES_INTO_AN_EARLIER_MESSAGE(true) {
            @Override
            byte[] wire(Deflater context) {
                byte[] primer = frame(FIN | RSV1 | Opcode.BINARY, stripTail(syncFlushed(context, new byte[32 * 1024])));
                return concat(primer, frame(FIN | RSV1 | Opcode.BINARY, repeatedBlocks(context, new byte[MIB], 60)));
            }
        };

        final boolean takeover;

        Bomb(boolean takeover) {
            this.takeover = takeover;
        }

        /** The bomb's frames on the wire, compressed with this deflater (whose context may carry over). */
        abstract byte[] wire(Deflater context);
    }

    private final ZlibPool pool = new ZlibPool(6);
    private MessageInflater inflater;

    @AfterEach
    void release() {
        if (inflater != null) {
            inflater.release();
        }
        pool.close();
    }

    @ParameterizedTest
    @EnumSource(Bomb.class)
    void closes1009HavingAllocatedAboutTheLimit(Bomb bomb) {
        byte[] warmUp = compressedAlone(new byte[100]);
        Deflater context = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] wire;
        try {
            wire = bomb.wire(context);
        } finally {
            context.end();
        }
        inflater = new MessageInflater(pool, bomb.takeover);
        FramePipeline limited = new FramePipeline(FramePipeline.NO_LIMIT, LIMIT, inflater);
        limited.feed(warmUp); // class loading and the scratch arrays, before counting

        long before = allocatedByThisThread();
        ProtocolException failure = null;
        try {
            limited.feed(wire);
        } catch (ProtocolException e) {
            failure = e;
        }
        long allocated = allocatedByThisThread() - before;

        assertThat(failure).as("the bomb is refused").isNotNull();
        assertThat(failure.status().code()).isEqualTo(1009);
        assertThat(wire.length).as("a small input").isLessThan(LIMIT);
        assertThat(limited.assembler().heldCapacity()).as("the message's array").isLessThanOrEqualTo(LIMIT);
        assertThat(allocated).as("bytes allocated by the feed").isLessThan(ALLOCATION_BOUND);
    }

    /** A message compressed on its own, in one frame. */
    private static byte[] compressedAlone(byte[] message) {
        Deflater alone = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            return frame(FIN | RSV1 | Opcode.BINARY, stripTail(syncFlushed(alone, message)));
        } finally {
            alone.end();
        }
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * The compressed payload of {@code copies} times this block: the block compressed once, then the
     * block that compresses the next copy, repeated. After a sync flush that second block refers only
     * to what came before it, so each copy stands for one more block, and only two are ever compressed.
     */
    private static byte[] repeatedBlocks(Deflater context, byte[] block, int copies) {
        byte[] first = syncFlushed(context, block);
        byte[] next = syncFlushed(context, block);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        for (int i = 1; i < copies; i++) {
            out.writeBytes(next);
        }
        return stripTail(out.toByteArray());
    }

    /** Without the 00 00 ff ff a sender strips (RFC 7692 section 7.2.1). */
    private static byte[] stripTail(byte[] flushed) {
        return Arrays.copyOf(flushed, flushed.length - 4);
    }

    private static byte[] syncFlushed(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int count;
        do {
            count = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, count);
        } while (count == chunk.length);
        return out.toByteArray();
    }

    /** A compressed binary message in this many frames of about equal size; the first has RSV1. */
    private static byte[] fragments(byte[] compressed, int count) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int size = Math.max(1, compressed.length / count);
        for (int start = 0; start < compressed.length; start += size) {
            int end = Math.min(compressed.length, start + size);
            boolean first = start == 0;
            boolean last = end == compressed.length;
            int header = (last ? FIN : 0) | (first ? RSV1 | Opcode.BINARY : Opcode.CONTINUATION);
            wire.writeBytes(frame(header, Arrays.copyOfRange(compressed, start, end)));
        }
        return wire.toByteArray();
    }
}
