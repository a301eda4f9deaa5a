package io.wsengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void masksEveryByteWithItsKeyByteAtEveryLength() {
        int key = 0x12345678;
        byte[] keyBytes = {0x12, 0x34, 0x56, 0x78}; // byte i takes key byte i % 4, the high byte first
        for (int length = 0; length < 100; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 37 + 11);
            }
            byte[] original = data.clone();

            Payloads.mask(data, length, key);

            for (int i = 0; i < length; i++) {
                assertThat(data[i]).as("length %d, byte %d", length, i).isEqualTo((byte) (original[i] ^ keyBytes[i % 4]));
            }
            Payloads.mask(data, length, key);
            assertThat(data).isEqualTo(original);
        }
    }

    @Test
    void consecutiveMessagesDifferAndTextIsAscii() {
        Payloads payloads = new Payloads(32, false);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        payloads.fill(a, 0, 1);
        payloads.fill(b, 0, 2);
        assertThat(a).isNotEqualTo(b);
        for (byte x : a) {
            assertThat(x).isBetween((byte) 0x21, (byte) 0x7e);
        }
    }

    @Test
    void broadcastMessagesCarrySequenceAndTime() {
        Payloads payloads = new Payloads(64, false);
        byte[] message = new byte[64];
        payloads.fillBroadcast(message, 1234, -5L);
        assertThat(payloads.checkBroadcast(message, 64)).isEqualTo(1234);
        assertThat(Payloads.sendNanosOfBroadcast(message)).isEqualTo(-5L);
        message[40] ^= 1;
        assertThat(payloads.checkBroadcast(message, 64)).isEqualTo(-1);
        assertThat(new String(message, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("00000000000004d2");
    }
}
