package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.concat;
import static io.wsengine.internal.frame.ClientFrames.continuation;
import static io.wsengine.internal.frame.ClientFrames.frame;
import static io.wsengine.internal.frame.ClientFrames.ping;
import static io.wsengine.internal.frame.FramePipeline.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.Payloads;
import io.wsengine.testing.SeededRandom;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fragmentation (RFC 6455 section 5.4) at every boundary: a message cut into fragments at any
 * positions, even inside a UTF-8 character, with control frames between them, arrives as the one
 * message it was; and a stream of frames cut into reads at any position gives the same events as read
 * whole.
 */
class FragmentationPropertyTest {
    private final SeededRandom random = SeededRandom.create();

    /** The message as fragments cut at the given positions, a ping after each fragment but the last. */
    private static byte[] fragmented(int opcode, byte[] message, int... cuts) {
        byte[][] frames = new byte[2 * cuts.length + 1][];
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : message.length;
            byte[] fragment = Arrays.copyOfRange(message, start, end);
            boolean last = i == cuts.length;
            frames[2 * i] = i == 0 ? frame(last, opcode, fragment) : continuation(last, fragment);
            if (!last) {
                frames[2 * i + 1] = ping(String.valueOf(i));
            }
            start = end;
        }
        return concat(frames);
    }

    private static List<String> pings(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "ping:" + i).toList();
    }

    @Test
    void textCutIntoTwoFragmentsAtEveryPositionArrivesWhole() {
        String text = Payloads.text(40); // 1- to 4-byte characters: most cuts fall inside one
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

        for (int cut = 0; cut <= utf8.length; cut++) {
            byte[] wire = fragmented(Opcode.TEXT, utf8, cut);

            assertThat(new FramePipeline().feed(wire).events).as("cut at %d", cut)
                    .containsExactly("ping:0", "text:" + text);
        }
    }

    @Test
    void textCutIntoThreeFragmentsAtEveryPairOfPositionsArrivesWhole() {
        String text = Payloads.text(24);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

        for (int first = 0; first <= utf8.length; first++) {
            for (int second = first; second <= utf8.length; second++) {
                byte[] wire = fragmented(Opcode.TEXT, utf8, first, second);

                assertThat(new FramePipeline().feedBytewise(wire).events).as("cuts at %d and %d", first, second)
                        .containsExactly("ping:0", "ping:1", "text:" + text);
            }
        }
    }

    @Test
    void binaryCutIntoFragmentsAnywhereArrivesWhole() {
        byte[] data = random.bytes(300);
        for (int round = 0; round < 200; round++) {
            int[] cuts = random.ints(random.nextInt(6), 0, data.length + 1).sorted().toArray();
            byte[] wire = fragmented(Opcode.BINARY, data, cuts);

            List<String> expected = new java.util.ArrayList<>(pings(cuts.length));
            expected.add("binary:" + hex(data));
            assertThat(new FramePipeline().feed(wire).events).as("cuts at %s, %s", Arrays.toString(cuts), random)
                    .isEqualTo(expected);
        }
    }

    /** Frames of every kind and each length encoding, a fragmented text among them, a close frame last. */
    private byte[] mixedStream() {
        byte[] text = Payloads.text(30).getBytes(StandardCharsets.UTF_8);
        return concat(
                fragmented(Opcode.TEXT, text, 7, 8),
                frame(true, Opcode.BINARY, random.bytes(200)),
                frame(true, Opcode.PONG, random.bytes(125)),
                ClientFrames.text(""),
                frame(true, Opcode.BINARY, random.bytes(20)),
                ClientFrames.close(ClientFrames.closePayload(1000, ClientFrames.utf8("done ✓"))));
    }

    @Test
    void aStreamReadInTwoPiecesCutAtEveryPositionGivesTheSameEvents() {
        byte[] wire = mixedStream();
        List<String> whole = new FramePipeline().feed(wire).events;
        assertThat(whole).hasSize(8).last().isEqualTo("close:1000:done ✓");

        for (int cut = 0; cut <= wire.length; cut++) {
            FramePipeline pipeline = new FramePipeline()
                    .feed(Arrays.copyOfRange(wire, 0, cut))
                    .feedDirect(Arrays.copyOfRange(wire, cut, wire.length));

            assertThat(pipeline.events).as("cut at %d, %s", cut, random).isEqualTo(whole);
        }
    }

    @Test
    void aStreamReadInPiecesOfAnySizesGivesTheSameEvents() {
        byte[] wire = mixedStream();
        List<String> whole = new FramePipeline().feed(wire).events;

        for (int round = 0; round < 300; round++) {
            int[] cuts = random.ints(1 + random.nextInt(12), 0, wire.length + 1).sorted().toArray();
            FramePipeline pipeline = new FramePipeline();
            int start = 0;
            for (int cut : cuts) {
                pipeline.feed(Arrays.copyOfRange(wire, start, cut));
                start = cut;
            }
            pipeline.feed(Arrays.copyOfRange(wire, start, wire.length));

            assertThat(pipeline.events).as("cuts at %s, %s", Arrays.toString(cuts), random).isEqualTo(whole);
        }
    }
}
