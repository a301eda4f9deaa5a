package io.wsengine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreparedMessageTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
    void aFrameOfAnyLengthComesBackAsTheSameMessage(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        PreparedMessage text = PreparedMessage.text(new String(payload, StandardCharsets.US_ASCII));
        PreparedMessage binary = PreparedMessage.binary(payload);

        PreparedMessage textAgain = PreparedMessage.ofFrame(text.frame());
        PreparedMessage binaryAgain = PreparedMessage.ofFrame(binary.frame());

        assertArrayEquals(bytes(text.frame()), bytes(textAgain.frame()));
        assertArrayEquals(bytes(binary.frame()), bytes(binaryAgain.frame()));
        assertTrue(textAgain.isText());
        assertFalse(binaryAgain.isText());
    }

    @Test
    void theBytesAreCopiedSoTheSenderMayReuseThem() {
        ByteBuffer frame = PreparedMessage.binary(new byte[] {1, 2, 3}).frame();
        ByteBuffer source = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
        PreparedMessage message = PreparedMessage.ofFrame(source);
        source.put(2, (byte) 9);
        assertEquals(1, message.frame().get(2));
        assertEquals(0, source.position(), "the source's position is left alone");
    }

    @Test
    void bytesThatAreNotOneWholeDataFrameAreRefused() {
        byte[] good = bytes(PreparedMessage.text("hello").frame());
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(new byte[] {(byte) 0x81})));
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(good, 0, good.length - 1)),
                "cut short");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(longer)), "bytes after it");
        byte[] notFinal = good.clone();
        notFinal[0] = 0x01;
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(notFinal)), "a fragment");
        byte[] rsv = good.clone();
        rsv[0] = (byte) 0xC1;
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(rsv)), "RSV1");
        byte[] ping = good.clone();
        ping[0] = (byte) 0x89;
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(ping)), "a control frame");
        byte[] masked = good.clone();
        masked[1] |= (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(masked)), "masked");
        byte[] badUtf8 = good.clone();
        badUtf8[2] = (byte) 0xFF;
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(badUtf8)), "not UTF-8");
        byte[] overlong = {(byte) 0x82, 126, 0, 3, 1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> PreparedMessage.ofFrame(ByteBuffer.wrap(overlong)),
                "a length in more bytes than it needs");
    }
}
