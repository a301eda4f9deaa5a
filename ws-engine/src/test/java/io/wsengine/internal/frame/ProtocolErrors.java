package io.wsengine.internal.frame;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that input fails the connection with a given close code. */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    static void assertFailsWith(int closeCode, ThrowingCallable feeding) {
        assertThatThrownBy(feeding)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.status().code())
                                .as("close code of: %s", e.getMessage())
                                .isEqualTo(closeCode));
    }
}
