package io.wsengine.internal.frame;

import static io.wsengine.internal.frame.ClientFrames.close;
import static io.wsengine.internal.frame.ClientFrames.closePayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wsengine.testing.Payloads;
import io.wsengine.testing.SeededRandom;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every one of the 65536 close codes (RFC 6455 section 7.4): those a peer may send reach the
 * connection with their reason, every other one fails it with 1002.
 */
class CloseCodesPropertyTest {
    private final SeededRandom random = SeededRandom.create();

    /** Section 7.4.1's codes that may appear in a close frame, the IANA registry's since, and 3000-4999 (7.4.2). */
    private static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** What reading a close frame with this code does: its event, or the close code the reader failed with. */
    private static String outcome(int code, String reason) {
        byte[] frame = close(closePayload(code, reason.getBytes(StandardCharsets.UTF_8)));
        ProtocolException failure = catchThrowableOfType(ProtocolException.class, () -> new FramePipeline().feed(frame));
        return failure != null ? "failed:" + failure.status().code() : new FramePipeline().feed(frame).events.toString();
    }

    @Test
    void everyCloseCodeThatMayBeSentPassesThroughAndEveryOtherFailsWith1002() {
        List<String> wrong = new ArrayList<>();
        for (int code = 0; code <= 0xFFFF; code++) {
            String reason = Payloads.text(random.nextInt(124)); // up to the 123 bytes a close frame has room for
            String expected = mayBeSent(code) ? "[close:" + code + ":" + reason + "]" : "failed:1002";
            String actual = outcome(code, reason);
            if (!actual.equals(expected)) {
                wrong.add(code + " gave " + actual);
            }
        }

        assertThat(wrong).as("close codes handled wrongly, %s", random).isEmpty();
    }

    @Test
    void theCodesThatMayBeSentAreTheRegisteredOnesAndTheApplicationRange() {
        // Guards the reference list: 4 + 8 registered codes, 2000 for libraries and applications.
        long count = java.util.stream.IntStream.rangeClosed(0, 0xFFFF).filter(CloseCodesPropertyTest::mayBeSent).count();

        assertThat(count).isEqualTo(4 + 8 + 2000);
    }
}
