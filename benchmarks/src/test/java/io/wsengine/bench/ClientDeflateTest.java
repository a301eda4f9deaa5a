package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The generator's permessage-deflate framing (RFC 7692 section 7.2) against the JDK's own Deflater and Inflater. */
class ClientDeflateTest {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final DeflateAgreement NO_TAKEOVER = new DeflateAgreement(true, true);
    private static final DeflateAgreement TAKEOVER = new DeflateAgreement(false, false);

    private final byte[] message = ChatJson.text(1024);

    @Test
    void deflatedMessageIsRawDeflateWithoutTheEmptyBlockTail() throws DataFormatException {
        ClientDeflate deflate = new ClientDeflate(NO_TAKEOVER, new ClientDeflate.Buffers());

        int n = deflate.deflate(message, message.length);
        byte[] wire = Arrays.copyOf(deflate.deflated(), n);

        assertThat(n).isLessThan(message.length / 2); // chat JSON compresses
        // section 7.2.2: the receiver appends 00 00 ff ff and inflates
        assertThat(jdkInflate(new Inflater(true), concat(wire, TAIL))).isEqualTo(message);
        deflate.end();
    }

    @Test
    void inflatesWhatTheJdkDeflatesFedInSmallPiecesFromADirectBuffer() throws DataFormatException {
        byte[] wire = jdkDeflateWithoutTail(new Deflater(Deflater.DEFAULT_COMPRESSION, true), message);
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        ClientDeflate deflate = new ClientDeflate(NO_TAKEOVER, new ClientDeflate.Buffers());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientDeflate.Sink sink = bytes -> out.write(bytes.array(), bytes.position(), bytes.remaining());

        int piece = 1;
        while (direct.hasRemaining()) {
            int n = Math.min(piece, direct.remaining());
            int before = direct.position();
            deflate.inflate(direct, n, sink);
            assertThat(direct.position()).isEqualTo(before); // the caller moves on, as the frame parser does
            direct.position(before + n);
            piece = piece % 7 + 1;
        }
        deflate.endMessage(sink);

        assertThat(out.toByteArray()).isEqualTo(message);
    }

    @Test
    void withoutContextTakeoverEachMessageInflatesOnItsOwn() throws DataFormatException {
        ClientDeflate deflate = new ClientDeflate(NO_TAKEOVER, new ClientDeflate.Buffers());
        byte[] first = Arrays.copyOf(deflate.deflated(), deflate.deflate(message, message.length));
        byte[] second = Arrays.copyOf(deflate.deflated(), deflate.deflate(message, message.length));

        assertThat(second).isEqualTo(first);
        assertThat(jdkInflate(new Inflater(true), concat(second, TAIL))).isEqualTo(message);
    }

    @Test
    void withContextTakeoverTheNextMessageRefersToThePreviousOne() throws DataFormatException {
        ClientDeflate deflate = new ClientDeflate(TAKEOVER, new ClientDeflate.Buffers());
        byte[] first = Arrays.copyOf(deflate.deflated(), deflate.deflate(message, message.length));
        byte[] second = Arrays.copyOf(deflate.deflated(), deflate.deflate(message, message.length));

        assertThat(second.length).isLessThan(first.length / 4); // a back-reference to the whole first message
        Inflater one = new Inflater(true); // section 7.2.3.4: one inflater across the messages
        assertThat(jdkInflate(one, concat(first, TAIL))).isEqualTo(message);
        assertThat(jdkInflate(one, concat(second, TAIL))).isEqualTo(message);
    }

    @Test
    void inflatesTheServersMessagesAcrossContextsWhenTakeoverIsAllowed() throws DataFormatException {
        Deflater server = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] first = jdkDeflateWithoutTail(server, message);
        byte[] second = jdkDeflateWithoutTail(server, message);
        ClientDeflate deflate = new ClientDeflate(TAKEOVER, new ClientDeflate.Buffers());

        assertThat(inflateMessage(deflate, first)).isEqualTo(message);
        assertThat(inflateMessage(deflate, second)).isEqualTo(message);
    }

    @Test
    void garbageDoesNotInflate() {
        ClientDeflate deflate = new ClientDeflate(NO_TAKEOVER, new ClientDeflate.Buffers());
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x13});

        assertThatThrownBy(() -> deflate.inflate(garbage, 4, bytes -> { })).isInstanceOf(DataFormatException.class);
    }

    @Test
    void agreementsOfNettyAndJettyAreUnderstood() {
        assertThat(DeflateAgreement.parse("permessage-deflate;server_no_context_takeover", DeflateOffer.NO_CONTEXT_TAKEOVER))
                .isEqualTo(new DeflateAgreement(true, true)); // client_no_context_takeover was promised in the offer
        assertThat(DeflateAgreement.parse("permessage-deflate; client_no_context_takeover; server_no_context_takeover",
                DeflateOffer.NO_CONTEXT_TAKEOVER)).isEqualTo(new DeflateAgreement(true, true));
        assertThat(DeflateAgreement.parse("permessage-deflate", DeflateOffer.CONTEXT_TAKEOVER))
                .isEqualTo(new DeflateAgreement(false, false));
        assertThat(DeflateAgreement.parse("permessage-deflate; server_max_window_bits=10", DeflateOffer.CONTEXT_TAKEOVER))
                .isEqualTo(new DeflateAgreement(false, false));
    }

    @Test
    void agreementsAClientMustRefuseAreRefused() {
        for (String bad : new String[] {"x-webkit-deflate-frame", "permessage-deflate, permessage-deflate",
                "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; client_max_window_bits=10", "permessage-deflate; mystery",
                "permessage-deflate; server_max_window_bits=16"}) {
            assertThatThrownBy(() -> DeflateAgreement.parse(bad, DeflateOffer.CONTEXT_TAKEOVER)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // section 7.1.1.1: an accepted server_no_context_takeover must be answered
        assertThatThrownBy(() -> DeflateAgreement.parse("permessage-deflate", DeflateOffer.NO_CONTEXT_TAKEOVER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] inflateMessage(ClientDeflate deflate, byte[] wire) throws DataFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientDeflate.Sink sink = bytes -> out.write(bytes.array(), bytes.position(), bytes.remaining());
        deflate.inflate(ByteBuffer.wrap(wire), wire.length, sink);
        deflate.endMessage(sink);
        return out.toByteArray();
    }

    private static byte[] jdkDeflateWithoutTail(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        assertThat(Arrays.copyOfRange(out, n - 4, n)).isEqualTo(TAIL);
        return Arrays.copyOf(out, n - 4);
    }

    private static byte[] jdkInflate(Inflater inflater, byte[] data) throws DataFormatException {
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
