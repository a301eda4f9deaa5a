package io.wsengine.internal.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.internal.frame.Opcode;
import io.wsengine.internal.frame.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The permessage-deflate codec of RFC 7692 section 7.2: the tail, the empty message, contexts kept or not. */
class MessageCodecTest {
    private final ZlibPool pool = new ZlibPool(6);

    @AfterEach
    void closePool() {
        pool.close();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The compressed payload of a frame from {@link MessageDeflater}, after checking its header says RSV1, FIN and the opcode. */
    private static byte[] payloadOf(ByteBuffer frame, int opcode) {
        assertThat(frame.get(0) & 0xFF).as("FIN, RSV1 and opcode").isEqualTo(0x80 | 0x40 | opcode);
        int length = frame.get(1) & 0x7F;
        int header = length == 126 ? 4 : length == 127 ? 10 : 2;
        byte[] payload = new byte[frame.remaining() - header];
        frame.duplicate().position(header).get(payload);
        return payload;
    }

    private byte[] deflate(MessageDeflater deflater, byte[] message) {
        return payloadOf(deflater.deflate(Opcode.BINARY, ByteBuffer.wrap(message)), Opcode.BINARY);
    }

    /** Inflates one whole message, fed in pieces of {@code piece} bytes. */
    private static byte[] inflate(MessageInflater inflater, byte[] compressed, int piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageInflater.Output output = out::write;
        for (int offset = 0; offset < compressed.length; offset += piece) {
            inflater.inflate(compressed, offset, Math.min(piece, compressed.length - offset), output);
        }
        inflater.finish(output);
        return out.toByteArray();
    }

    /** What a plain zlib receiver makes of a compressed payload, the tail appended as section 7.2.2 says. */
    private static byte[] referenceInflate(Inflater reference, byte[] compressed) throws DataFormatException {
        reference.setInput(ByteBuffer.wrap(new byte[compressed.length + 4]).put(compressed)
                .put(hex("0000ffff")).flip());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int count;
        while ((count = reference.inflate(chunk)) > 0) {
            out.write(chunk, 0, count);
        }
        return out.toByteArray();
    }

    private static byte[] compressible(int length, long seed) {
        Random random = new Random(seed);
        String[] words = {"room", "message", "\"user\":", "{\"id\":", "hello", "world", ", ", "}"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]);
        }
        return utf8(text.substring(0, length));
    }

    // RFC 7692 section 7.2.3.1: "Hello" in one compressed message.
    @Test
    void inflatesTheRfcExampleOfACompressedMessage() {
        byte[] inflated = inflate(new MessageInflater(pool, false), hex("f2 48 cd c9 c9 07 00"), 100);

        assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo("Hello");
    }

    // RFC 7692 section 7.2.3.2: with context takeover, the second "Hello" refers back to the first.
    @Test
    void inflatesTheRfcExampleOfASecondMessageThatUsesTheContext() {
        MessageInflater inflater = new MessageInflater(pool, true);
        inflate(inflater, hex("f2 48 cd c9 c9 07 00"), 100);

        byte[] second = inflate(inflater, hex("f2 00 11 00 00"), 100);

        assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo("Hello");
        inflater.release();
    }

    // RFC 7692 section 7.2.3.3: "Hello" as a stored block, and what the deflater sends for a window it may not use.
    @Test
    void sendsAndInflatesStoredBlocks() {
        byte[] stored = hex("00 05 00 fa ff 48 65 6c 6c 6f 00");
        MessageDeflater smallWindow = new MessageDeflater(pool, true, 10);

        assertThat(new String(inflate(new MessageInflater(pool, false), stored, 1), StandardCharsets.UTF_8))
                .isEqualTo("Hello");
        assertThat(deflate(smallWindow, utf8("Hello"))).isEqualTo(stored);
        assertThat(smallWindow.holdsDeflater()).as("stored blocks need no zlib").isFalse();
    }

    // RFC 7692 section 7.2.3.4: a final block needs no tail, and the next message starts a new stream.
    @Test
    void inflatesAMessageEndedByAFinalBlockAndTheNextOneAfterIt() {
        MessageInflater inflater = new MessageInflater(pool, true);

        assertThat(inflate(inflater, hex("f3 48 cd c9 c9 07 00"), 3)).isEqualTo(utf8("Hello"));
        assertThat(inflate(inflater, hex("f2 48 cd c9 c9 07 00"), 3)).isEqualTo(utf8("Hello"));
        inflater.release();
    }

    // RFC 7692 section 7.2.1: the sync flush's empty block ends the data, and its 00 00 ff ff is removed.
    @Test
    void deflatedPayloadLacksTheTailThatAReceiverAppends() throws DataFormatException {
        byte[] message = compressible(2000, 1);
        byte[] compressed = deflate(new MessageDeflater(pool, false, 15), message);
        Inflater reference = new Inflater(true);

        assertThat(compressed.length).isLessThan(message.length / 2);
        assertThat(referenceInflate(reference, compressed)).isEqualTo(message);
        assertThat(reference.getRemaining()).as("nothing after the appended tail").isZero();
        reference.end();
    }

    // RFC 7692 section 7.2.3.6: an empty message is the header byte of an empty stored block.
    @Test
    void deflatesAnEmptyMessageToASingleZeroByteWithOrWithoutContext() {
        MessageDeflater withContext = new MessageDeflater(pool, true, 15);
        deflate(withContext, compressible(500, 2));

        assertThat(deflate(new MessageDeflater(pool, false, 15), new byte[0])).containsExactly(0x00);
        assertThat(deflate(withContext, new byte[0])).containsExactly(0x00);
        assertThat(deflate(withContext, new byte[0])).containsExactly(0x00);
        assertThat(MessageDeflater.deflateOnce(Opcode.TEXT, ByteBuffer.allocate(0), 6).array())
                .containsExactly(0x80 | 0x40 | Opcode.TEXT, 1, 0x00);
        assertThat(inflate(new MessageInflater(pool, false), hex("00"), 1)).isEmpty();
        withContext.release();
    }

    @Test
    void roundTripsMessagesWithContextTakeoverEachSmallerForTheOnesBefore() {
        MessageDeflater deflater = new MessageDeflater(pool, true, 15);
        MessageInflater inflater = new MessageInflater(pool, true);
        byte[] message = compressible(3000, 3);
        List<Integer> sizes = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            byte[] compressed = deflate(deflater, message);
            sizes.add(compressed.length);
            assertThat(inflate(inflater, compressed, 7)).isEqualTo(message);
            deflate(deflater, new byte[0]); // an empty message between leaves the contexts in step
            assertThat(inflate(inflater, hex("00"), 1)).isEmpty();
        }

        assertThat(sizes.get(1)).as("the second copy refers back to the first").isLessThan(sizes.get(0) / 4);
        assertThat(deflater.holdsDeflater()).isTrue();
        assertThat(inflater.holdsInflater()).isTrue();
        deflater.release();
        inflater.release();
        assertThat(deflater.holdsDeflater()).isFalse();
        assertThat(inflater.holdsInflater()).isFalse();
    }

    @Test
    void roundTripsMessagesWithoutContextEachInflatableOnItsOwnAndHoldsNothingBetween() throws Exception {
        MessageDeflater deflater = new MessageDeflater(pool, false, 15);
        MessageInflater inflater = new MessageInflater(pool, false);
        byte[] message = compressible(3000, 4);

        for (int i = 0; i < 3; i++) {
            byte[] compressed = deflate(deflater, message);
            Inflater fresh = new Inflater(true);
            assertThat(referenceInflate(fresh, compressed)).as("inflatable without the ones before").isEqualTo(message);
            fresh.end();
            assertThat(inflate(inflater, compressed, 1)).isEqualTo(message);
            assertThat(deflater.holdsDeflater()).isFalse();
            assertThat(inflater.holdsInflater()).isFalse();
        }
        assertThat(pool.idle()).as("one inflater and one deflater, reused").isEqualTo(2);
    }

    @Test
    void aSharedFrameCompressedOnceIsTheSameAsAPooledDeflatersWithoutContext() {
        byte[] message = compressible(5000, 5);

        ByteBuffer once = MessageDeflater.deflateOnce(Opcode.TEXT, ByteBuffer.wrap(message), 6);
        ByteBuffer pooled = new MessageDeflater(pool, false, 15).deflate(Opcode.TEXT, ByteBuffer.wrap(message));

        assertThat(once).isEqualTo(pooled);
    }

    @Test
    void deflatesLargeIncompressibleMessagesWholly() throws DataFormatException {
        byte[] message = new byte[300_000];
        new Random(6).nextBytes(message);
        ByteBuffer payload = ByteBuffer.wrap(message);

        byte[] compressed = payloadOf(new MessageDeflater(pool, false, 15).deflate(Opcode.BINARY, payload), Opcode.BINARY);

        assertThat(payload.position()).as("the payload's position is left").isZero();
        Inflater reference = new Inflater(true);
        assertThat(referenceInflate(reference, compressed)).isEqualTo(message);
        reference.end();
    }

    // server_max_window_bits below 15: the JDK's 15-bit window is honest only where no reference can reach past the window.
    @Test
    void aWindowBelowFifteenBitsDeflatesOnlyMessagesWithinItWithoutContext() throws DataFormatException {
        MessageDeflater deflater = new MessageDeflater(pool, false, 9);
        byte[] withinWindow = compressible(512, 7);
        byte[] longer = compressible(513, 7);

        byte[] deflated = deflate(deflater, withinWindow);
        byte[] stored = deflate(deflater, longer);

        assertThat(deflated.length).isLessThan(withinWindow.length);
        assertThat(stored).hasSize(longer.length + 5 + 1);
        Inflater reference = new Inflater(true);
        assertThat(referenceInflate(reference, stored)).isEqualTo(longer);
        reference.end();
    }

    @Test
    void storedBlocksSplitAtTheirLengthLimit() throws DataFormatException {
        byte[] message = compressible(150_000, 8);

        byte[] stored = deflate(new MessageDeflater(pool, true, 12), message);

        assertThat(stored).hasSize(message.length + 3 * 5 + 1);
        Inflater reference = new Inflater(true);
        assertThat(referenceInflate(reference, stored)).isEqualTo(message);
        reference.end();
    }

    // RFC 7692 section 8: data that does not decompress fails the connection; 1007, as for bad UTF-8.
    @Test
    void invalidDeflateDataFails1007() {
        MessageInflater inflater = new MessageInflater(pool, false);

        assertThatThrownBy(() -> inflate(inflater, hex("ff ff ff ff"), 4))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status().code()).isEqualTo(1007));
        inflater.release();
        assertThat(inflater.holdsInflater()).isFalse();
    }

    @Test
    void dataAfterAFinalBlockFails1007() {
        MessageInflater inflater = new MessageInflater(pool, false);

        assertThatThrownBy(() -> inflate(inflater, hex("f3 48 cd c9 c9 07 00 f2 48"), 100))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status().code()).isEqualTo(1007));
        inflater.release();
    }

    @Test
    void handsOnInflatedBytesInBoundedChunks() {
        byte[] zeros = new byte[1 << 20];
        byte[] compressed = deflate(new MessageDeflater(pool, false, 15), zeros);
        List<Integer> chunks = new ArrayList<>();

        MessageInflater inflater = new MessageInflater(pool, false);
        inflater.inflate(compressed, 0, compressed.length, (chunk, offset, length) -> chunks.add(length));
        inflater.finish((chunk, offset, length) -> chunks.add(length));

        assertThat(chunks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(zeros.length);
        assertThat(chunks).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(16 * 1024));
    }

    @Test
    void thePoolKeepsAFewResetAndEndsTheRestAndAllWhenClosed() {
        long before = Zlib.open();
        List<Inflater> borrowed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            borrowed.add(pool.borrowInflater());
        }
        assertThat(Zlib.open() - before).isEqualTo(12);

        borrowed.forEach(pool::giveBack);
        assertThat(pool.idle()).isEqualTo(8);
        assertThat(Zlib.open() - before).as("those past the pool's room are ended").isEqualTo(8);

        pool.close();
        assertThat(Zlib.open() - before).isZero();
        pool.giveBack(Zlib.newDeflater(6));
        assertThat(Zlib.open() - before).as("given back after the close: ended").isZero();
    }

    @Test
    void releasingEndsOwnedContextsAndGivesBackBorrowedOnes() {
        long before = Zlib.open();
        MessageInflater owned = new MessageInflater(pool, true);
        MessageInflater borrowing = new MessageInflater(pool, false);
        MessageDeflater deflater = new MessageDeflater(pool, true, 15);
        byte[] compressed = deflate(deflater, compressible(1000, 9));
        owned.inflate(compressed, 0, compressed.length, (chunk, offset, length) -> { });
        borrowing.inflate(compressed, 0, 10, (chunk, offset, length) -> { }); // the connection goes mid-message

        owned.release();
        borrowing.release();
        deflater.release();

        assertThat(pool.idle()).isEqualTo(1);
        assertThat(Zlib.open() - before).isEqualTo(1);
    }
}
