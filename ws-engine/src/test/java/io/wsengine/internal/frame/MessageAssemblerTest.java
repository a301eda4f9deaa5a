package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.binary;
import static io.wsengine.internal.frame.ClientFrames.bytes;
import static io.wsengine.internal.frame.ClientFrames.close;
import static io.wsengine.internal.frame.ClientFrames.closePayload;
import static io.wsengine.internal.frame.ClientFrames.concat;
import static io.wsengine.internal.frame.ClientFrames.continuation;
import static io.wsengine.internal.frame.ClientFrames.frame;
import static io.wsengine.internal.frame.ClientFrames.header;
import static io.wsengine.internal.frame.ClientFrames.masked;
import static io.wsengine.internal.frame.ClientFrames.ping;
import static io.wsengine.internal.frame.ClientFrames.text;
import static io.wsengine.internal.frame.ClientFrames.utf8;
import static io.wsengine.internal.frame.FramePipeline.hex;
import static io.wsengine.internal.frame.ProtocolErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages from frames (RFC 6455 sections 5.4, 5.5 and 8.1) and close frames (sections 5.5.1, 7.4). */
class MessageAssemblerTest {

    // RFC 6455 section 5.4: control frames MAY be injected in the middle of a fragmented message.
    @Test
    void joinsFragmentedTextAroundInterleavedControlFrames() {
        byte[] input = concat(
                text(false, "Hel"),
                ping("p1"),
                continuation(false, utf8("lo, ")),
                frame(true, Opcode.PONG, utf8("p2")),
                continuation(true, utf8("world")));

        assertThat(new FramePipeline().feed(input).events)
                .containsExactly("ping:p1", "pong:p2", "text:Hello, world");
        assertThat(new FramePipeline().feedBytewise(input).events)
                .containsExactly("ping:p1", "pong:p2", "text:Hello, world");
    }

    @Test
    void joinsFragmentedBinaryAroundAnInterleavedPing() {
        byte[] input = concat(
                binary(false, bytes(1, 2, 3)),
                ping(""),
                continuation(false, new byte[0]),
                continuation(true, bytes(4, 5)));

        assertThat(new FramePipeline().feed(input).events).containsExactly("ping:", "binary:0102030405");
        assertThat(new FramePipeline().feedBytewise(input).events).containsExactly("ping:", "binary:0102030405");
    }

    @Test
    void joinsLargeFragmentsBeyondTheFirstFragmentsSize() {
        byte[] first = new byte[10];
        byte[] second = new byte[70_000];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);

        FramePipeline pipeline = new FramePipeline().feed(concat(binary(false, first), continuation(true, second)));

        assertThat(pipeline.events).containsExactly("binary:" + hex(concat(first, second)));
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void allocatesForTheBytesThatArriveNotForTheLengthAHeaderDeclares() {
        FramePipeline pipeline = new FramePipeline(FramePipeline.NO_LIMIT, 64 << 20);
        byte[] declares64MiB = concat(header(0x82, 64 << 20, true), new byte[10]);
        pipeline.feed(new byte[0]); // let the JIT and class loading settle outside the measured part
        long before = allocatedByThisThread();

        pipeline.feed(declares64MiB);

        assertThat(allocatedByThisThread() - before).as("bytes allocated").isLessThan(1 << 20);
        assertThat(pipeline.events).isEmpty();
    }

    /**
     * A message in {@code fragments} fragments of 16 bytes, as one wire array: the fragment count
     * grows while the fragment size stays, so quadratic assembly shows as allocation per byte growing.
     */
    private static byte[] fragmented(int opcode, int fragments) {
        byte[] payload = new byte[16];
        Arrays.fill(payload, (byte) 'a');
        byte[] fragment = continuation(false, payload);
        byte[] first = frame(false, opcode, payload);
        byte[] last = continuation(true, payload);
        byte[] wire = new byte[first.length + (fragments - 2) * fragment.length + last.length];
        System.arraycopy(first, 0, wire, 0, first.length);
        for (int i = 0; i < fragments - 2; i++) {
            System.arraycopy(fragment, 0, wire, first.length + i * fragment.length, fragment.length);
        }
        System.arraycopy(last, 0, wire, wire.length - last.length, last.length);
        return wire;
    }

    /** Counts what it is given and keeps the last binary message; allocates nothing itself. */
    private static final class CountingListener implements MessageListener {
        long delivered;
        ByteBuffer lastBinary;

        @Override public void onText(String text, int bytes) { delivered += text.length(); }
        @Override public void onBinary(ByteBuffer data) { delivered += data.remaining(); lastBinary = data; }
        @Override public void onPing(byte[] payload) { }
        @Override public void onPong(byte[] payload) { }
        @Override public void onCloseFrame(int code, String reason) { }
    }

    /** Bytes allocated while the wire bytes are parsed and assembled, per payload byte delivered. */
    private static double allocatedPerPayloadByte(byte[] wire, CountingListener listener) {
        FrameParser parser = new FrameParser(new MessageAssembler(listener, 64 << 20), 64 << 20);
        ByteBuffer source = ByteBuffer.wrap(wire);
        long before = allocatedByThisThread();
        while (source.hasRemaining()) {
            parser.parse(source);
        }
        return (double) (allocatedByThisThread() - before) / listener.delivered;
    }

    // Each continuation used to grow the array to exactly its new end: 16 Ki fragments of 16 bytes
    // copied 2 GiB. Amortized growth keeps the bytes allocated (and so copied) per byte received
    // constant, whatever the fragment count.
    @ParameterizedTest
    @ValueSource(ints = {Opcode.TEXT, Opcode.BINARY})
    void assemblesFragmentsInTimeLinearInTheirCount(int opcode) {
        allocatedPerPayloadByte(fragmented(opcode, 1024), new CountingListener()); // warm up class loading and the JIT
        for (int fragments : new int[] {1 << 10, 1 << 12, 1 << 14, 1 << 16}) {
            CountingListener listener = new CountingListener();
            double perByte = allocatedPerPayloadByte(fragmented(opcode, fragments), listener);

            assertThat(listener.delivered).isEqualTo(16L * fragments);
            assertThat(perByte).as("bytes allocated per payload byte, %d fragments", fragments).isLessThan(8.0);
        }
    }

    @Test
    void aFragmentedBinaryMessageIsDeliveredInAnArrayOfExactlyItsSize() {
        CountingListener listener = new CountingListener();
        allocatedPerPayloadByte(fragmented(Opcode.BINARY, 1000), listener);

        assertThat(listener.lastBinary.array()).hasSize(16_000);
        assertThat(listener.lastBinary.arrayOffset()).isZero();
        assertThat(listener.lastBinary.remaining()).isEqualTo(16_000);
    }

    @Test
    void aBinaryMessageInOneFrameGetsOneArrayOfExactlyItsSize() {
        allocatedPerPayloadByte(binary(true, new byte[1000]), new CountingListener()); // warm up
        CountingListener listener = new CountingListener();

        double perByte = allocatedPerPayloadByte(binary(true, new byte[100_000]), listener);

        assertThat(listener.lastBinary.array()).hasSize(100_000);
        assertThat(perByte).as("bytes allocated per payload byte").isLessThan(1.05);
    }

    // RFC 6455 section 5.5: a control frame may carry up to 125 bytes, whatever the data frame limit.
    @Test
    void controlFramesUpTo125BytesPassASmallerFrameLimit() {
        String payload = "p".repeat(125);
        FramePipeline pipeline = new FramePipeline(10, 10).feed(ping(payload));

        assertThat(pipeline.events).containsExactly("ping:" + payload);
    }

    @Test
    void assemblesALargeFrameThatArrivesInSmallPieces() {
        byte[] data = new byte[200_000];
        new Random(11).nextBytes(data);
        byte[] wire = binary(true, data);
        FramePipeline pipeline = new FramePipeline();

        for (int offset = 0; offset < wire.length; offset += 1000) {
            pipeline.feed(Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + 1000)));
        }

        assertThat(pipeline.events).containsExactly("binary:" + hex(data));
    }

    // RFC 6455 section 5.6: a text message is UTF-8 as a whole; a fragment may end inside a character.
    @Test
    void acceptsCharacterSplitAcrossFragments() {
        byte[] euro = utf8("€"); // E2 82 AC
        byte[] input = concat(
                frame(false, Opcode.TEXT, Arrays.copyOfRange(euro, 0, 1)),
                ping("x"),
                continuation(false, Arrays.copyOfRange(euro, 1, 2)),
                continuation(true, Arrays.copyOfRange(euro, 2, 3)));

        assertThat(new FramePipeline().feed(input).events).containsExactly("ping:x", "text:€");
    }

    @Test
    void deliversEmptyTextAndBinaryMessages() {
        byte[] input = concat(text(""), binary(true, new byte[0]), text(false, ""), continuation(true, new byte[0]));

        assertThat(new FramePipeline().feed(input).events).containsExactly("text:", "binary:", "text:");
    }

    @Test
    void deliversConsecutiveMessagesInOrder() {
        byte[] input = concat(text("a"), binary(true, bytes(0xFF)), text(false, "b"), continuation(true, utf8("c")),
                text("d"));

        assertThat(new FramePipeline().feedBytewise(input).events)
                .containsExactly("text:a", "binary:ff", "text:bc", "text:d");
    }

    // A text message's array is reused for the next text message once its String has copied it.
    @Test
    void textMessagesThatReuseAnArrayCarryNoBytesOfTheOneBefore() {
        byte[] input = concat(text("a longer message first"), text("hi"), text(false, "x"),
                continuation(true, utf8("yz")), text(""), text("\u00e9t\u00e9"), text("a longer message again"));

        List<String> expected = List.of("text:a longer message first", "text:hi", "text:xyz", "text:",
                "text:\u00e9t\u00e9", "text:a longer message again");
        assertThat(new FramePipeline().feed(input).events).isEqualTo(expected);
        assertThat(new FramePipeline().feedBytewise(input).events).isEqualTo(expected);
    }

    // The application may read a binary message's whole backing array: it must hold that message only.
    @Test
    void aBinaryMessageNeverGetsTheArrayOfATextMessage() {
        FramePipeline pipeline = new FramePipeline().feed(concat(text("secret text, 24 bytes.."), binary(true, bytes(1, 2, 3))));

        assertThat(pipeline.lastBinary.array()).containsExactly(1, 2, 3);
    }

    // RFC 6455 section 5.4: a continuation frame only continues a message that was started.
    @Test
    void rejectsContinuationWithoutAStartedMessage() {
        assertFailsWith(1002, () -> new FramePipeline().feed(continuation(true, utf8("x"))));
    }

    @Test
    void rejectsContinuationAfterTheMessageWasFinished() {
        byte[] input = concat(text("done"), continuation(true, utf8("x")));

        assertFailsWith(1002, () -> new FramePipeline().feed(input));
    }

    // RFC 6455 section 5.4: fragments of one message are not interleaved with another data message.
    @ParameterizedTest
    @ValueSource(ints = {Opcode.TEXT, Opcode.BINARY})
    void rejectsNewDataFrameInsideAFragmentedMessage(int opcode) {
        byte[] input = concat(text(false, "part"), frame(true, opcode, utf8("other")));

        assertFailsWith(1002, () -> new FramePipeline().feed(input));
    }

    // RFC 6455 section 10.4: limit message size, counted across fragments.
    @Test
    void rejectsMessageOverTheSizeLimitAccumulatedAcrossFragments() {
        FramePipeline pipeline = new FramePipeline(FramePipeline.NO_LIMIT, 10);
        pipeline.feed(binary(false, new byte[6]));

        // The second fragment's header alone shows 6 + 5 > 10.
        assertFailsWith(1009, () -> pipeline.feed(header(Opcode.CONTINUATION, 5, true)));
    }

    @Test
    void rejectsSingleFrameMessageOverTheSizeLimitFromItsHeader() {
        FramePipeline pipeline = new FramePipeline(FramePipeline.NO_LIMIT, 10);

        assertFailsWith(1009, () -> pipeline.feed(header(0x80 | Opcode.TEXT, 11, true)));
    }

    @Test
    void acceptsMessageOfExactlyTheSizeLimitAcrossFragments() {
        FramePipeline pipeline = new FramePipeline(FramePipeline.NO_LIMIT, 10);

        pipeline.feed(concat(binary(false, new byte[6]), ping(""), continuation(true, new byte[4])));

        assertThat(pipeline.events).containsExactly("ping:", "binary:" + "00".repeat(10));
    }

    // RFC 6455 section 8.1: invalid UTF-8 fails the connection; we fail at the first bad byte.
    @Test
    void rejectsInvalidUtf8BeforeTheFrameIsComplete() {
        // The header declares 15 bytes; only 3 arrive, the third of which is never UTF-8.
        byte[] partial = concat(header(0x80 | Opcode.TEXT, 15, true), masked(bytes('a', 'b', 0xFF)));

        assertFailsWith(1007, () -> new FramePipeline().feed(partial));
    }

    @Test
    void rejectsInvalidUtf8ByteAtATime() {
        byte[] frame = frame(true, Opcode.TEXT, bytes('o', 'k', 0xC0, 0x80, 'x', 'y'));
        FramePipeline pipeline = new FramePipeline();
        int firstBadByte = 6 + 2;

        pipeline.feedBytewise(Arrays.copyOf(frame, firstBadByte));
        assertFailsWith(1007, () -> pipeline.feedBytewise(Arrays.copyOfRange(frame, firstBadByte, firstBadByte + 1)));
    }

    @Test
    void rejectsInvalidUtf8InALaterFragment() {
        FramePipeline pipeline = new FramePipeline().feed(text(false, "fine"));

        assertFailsWith(1007, () -> pipeline.feed(continuation(true, bytes(0xED, 0xA0, 0x80))));
    }

    @Test
    void rejectsTextMessageEndingInsideACharacter() {
        byte[] input = frame(true, Opcode.TEXT, bytes('a', 0xE2, 0x82));

        assertFailsWith(1007, () -> new FramePipeline().feed(input));
    }

    @Test
    void rejectsFragmentedTextMessageEndingInsideACharacter() {
        byte[] input = concat(text(false, "a"), continuation(true, bytes(0xC3)));

        assertFailsWith(1007, () -> new FramePipeline().feed(input));
    }

    @Test
    void doesNotValidateBinaryMessagesAsUtf8() {
        assertThat(new FramePipeline().feed(binary(true, bytes(0xC0, 0x80, 0xFF))).events)
                .containsExactly("binary:c080ff");
    }

    @Test
    void startsEachTextMessageWithAFreshUtf8State() {
        // A message that ends cleanly must not leave state behind for the next one.
        byte[] input = concat(text("é"), text("a"));

        assertThat(new FramePipeline().feed(input).events).containsExactly("text:é", "text:a");
    }

    // RFC 6455 section 5.5.1: a close body, if present, starts with a 2-byte code.
    @Test
    void rejectsCloseFrameWithAOneBytePayload() {
        assertFailsWith(1002, () -> new FramePipeline().feed(close(bytes(0x03))));
    }

    // RFC 6455 section 7.4.1: 1005 when the close frame has no status code.
    @Test
    void reportsEmptyCloseFrameAsNoStatusReceived() {
        assertThat(new FramePipeline().feed(close(new byte[0])).events).containsExactly("close:1005:");
    }

    // RFC 6455 section 7.4: codes below 1000, 1004-1006, 1015, unassigned 1016-2999 and above 4999
    // may not appear in a close frame.
    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void rejectsInvalidCloseCode(int code) {
        assertFailsWith(1002, () -> new FramePipeline().feed(close(closePayload(code, new byte[0]))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    void passesValidCloseCodeThroughWithItsReason(int code) {
        byte[] payload = closePayload(code, utf8("bye ✓"));

        assertThat(new FramePipeline().feed(close(payload)).events).containsExactly("close:" + code + ":bye ✓");
    }

    @Test
    void passesCloseCodeWithoutReason() {
        assertThat(new FramePipeline().feed(close(closePayload(1000, new byte[0]))).events)
                .containsExactly("close:1000:");
    }

    // RFC 6455 section 5.5.1: the close reason is UTF-8; section 8.1 applies.
    @Test
    void rejectsInvalidUtf8InCloseReason() {
        byte[] payload = closePayload(1000, bytes('o', 0xFF, 'k'));

        assertFailsWith(1007, () -> new FramePipeline().feed(close(payload)));
    }

    @Test
    void rejectsCloseReasonEndingInsideACharacter() {
        byte[] payload = closePayload(1000, bytes('o', 'k', 0xE2, 0x82));

        assertFailsWith(1007, () -> new FramePipeline().feed(close(payload)));
    }

    @Test
    void acceptsCloseFrameInsideAFragmentedMessage() {
        byte[] input = concat(text(false, "half"), close(closePayload(1001, utf8("away"))));

        assertThat(new FramePipeline().feedBytewise(input).events).containsExactly("close:1001:away");
    }

    @Test
    void deliversPingAndPongPayloads() {
        byte[] input = concat(ping("hello"), frame(true, Opcode.PONG, bytes('h', 'i')));

        assertThat(new FramePipeline().feedBytewise(input).events).containsExactly("ping:hello", "pong:hi");
    }
}
