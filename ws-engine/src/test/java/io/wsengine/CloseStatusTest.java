package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Close codes and reasons (RFC 6455 sections 5.5.1 and 7.4). */
class CloseStatusTest {

    // RFC 6455 section 7.4.1: 1005, 1006 and 1015 MUST NOT be set as a status code in a close frame.
    @ParameterizedTest
    @ValueSource(ints = {1005, 1006, 1015, 999, 0, -1, 1004, 1016, 2999, 5000, 65535})
    void rejectsCodeThatMayNotBeSent(int code) {
        assertThatThrownBy(() -> CloseStatus.of(code).requireSendable())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999})
    void acceptsCodeThatMayBeSent(int code) {
        assertThatCode(() -> CloseStatus.of(code).requireSendable()).doesNotThrowAnyException();
    }

    // RFC 6455 section 5.5: 125 bytes of control payload, 2 of them the code.
    @Test
    void acceptsReasonOf123Utf8Bytes() {
        assertThatCode(() -> CloseStatus.NORMAL.withReason("r".repeat(123)).requireSendable())
                .doesNotThrowAnyException();
        assertThatCode(() -> CloseStatus.NORMAL.withReason("é".repeat(61) + "r").requireSendable())
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsReasonOver123Utf8Bytes() {
        assertThatThrownBy(() -> CloseStatus.NORMAL.withReason("r".repeat(124)).requireSendable())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsReasonLengthInUtf8BytesNotCharacters() {
        String reason = "é".repeat(62); // 62 characters, 124 bytes

        assertThatThrownBy(() -> CloseStatus.NORMAL.withReason(reason).requireSendable())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("124");
    }

    @Test
    void isValidOnWireMatchesTheRegisteredRanges() {
        for (int code = 0; code < 70_000; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseStatus.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
        }
    }

    @Test
    void withReasonKeepsTheCode() {
        CloseStatus status = CloseStatus.GOING_AWAY.withReason("shutdown");

        assertThat(status.code()).isEqualTo(1001);
        assertThat(status.reason()).isEqualTo("shutdown");
        assertThat(CloseStatus.GOING_AWAY.reason()).isEmpty();
    }

    @Test
    void rejectsNullReason() {
        assertThatThrownBy(() -> new CloseStatus(1000, null)).isInstanceOf(NullPointerException.class);
    }
}
