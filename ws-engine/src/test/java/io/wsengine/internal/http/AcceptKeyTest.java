package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sec-WebSocket-Key and Sec-WebSocket-Accept (RFC 6455 sections 1.3, 4.1 and 4.2.2). */
class AcceptKeyTest {

    private static String base64Of(int byteCount) {
        byte[] bytes = new byte[byteCount];
        new Random(byteCount).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    // RFC 6455 section 1.3: the worked example.
    @Test
    void computesTheAcceptValueOfTheRfcExample() {
        assertThat(AcceptKey.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void acceptsTheRfcExampleKey() {
        assertThat(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
    }

    // RFC 6455 section 4.1, item 7: a randomly selected 16-byte value, base64-encoded.
    @Test
    void acceptsAnyBase64EncodedSixteenByteKey() {
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);

            assertThat(AcceptKey.isValidKey(key)).as(key).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 17, 18, 20, 32})
    void rejectsKeyThatDecodesToOtherThanSixteenBytes(int byteCount) {
        String key = base64Of(byteCount);

        assertThat(AcceptKey.isValidKey(key)).as(key).isFalse();
    }

    @Test
    void rejectsSeventeenByteKeyOfTheSameLengthAsAValidOne() {
        String key = base64Of(17);
        assertThat(key).hasSize(24);

        assertThat(AcceptKey.isValidKey(key)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "dGhlIHNhbXBsZSBub25jZQ",     // padding dropped
            "dGhlIHNhbXBsZSBub25jZQ=",    // 23 characters
            "dGhlIHNhbXBsZSBub25jZQ===",  // 25 characters
            " dGhlIHNhbXBsZSBub25jZQ==",
            "dGhlIHNhbXBsZSBub25jZQ== ",
            "dGhlIHNhbXBsZSBub25jZ!==",   // not a base64 character
            "dGhlIHNhbXBsZSBub25jZ-==",   // base64url, not base64
            "dGhlIHNhbXBs ZSBub25jZQ=",
            "dGhlIHNhbXBsZSBub25jZ=Q=",   // padding in the middle
            "========================"})
    void rejectsMalformedKey(String key) {
        assertThat(AcceptKey.isValidKey(key)).isFalse();
    }
}
