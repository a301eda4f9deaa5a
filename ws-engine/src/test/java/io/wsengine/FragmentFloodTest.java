package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a large message in one-byte fragments must not hold its event loop: the loop's
 * other sessions go on being served while the flood is assembled (RFC 6455 section 5.4 lets a peer
 * fragment as finely as it likes, so this is hostile only in its cost).
 */
class FragmentFloodTest {
    /** Far above a healthy round trip on a loaded machine, far below the old quadratic assembly's stall. */
    private static final Duration STALL_BOUND = Duration.ofSeconds(5);
    private static final int MESSAGE_SIZE = 1024 * 1024;

    private final TestServers servers = new TestServers();

    @AfterEach
    void stopServers() {
        servers.close();
    }

    /** A binary message of {@code size} bytes, each its own masked frame (mask key 0: the payload as is). */
    private static byte[] oneByteFragments(int size) {
        byte[] wire = new byte[size * 7];
        for (int i = 0; i < size; i++) {
            int at = i * 7;
            wire[at] = (byte) ((i == size - 1 ? 0x80 : 0) | (i == 0 ? 0x2 : 0x0));
            wire[at + 1] = (byte) 0x81; // masked, one byte of payload; the four key bytes stay 0
            wire[at + 6] = (byte) i;
        }
        return wire;
    }

    @Test
    void aFloodOfOneByteFragmentsDoesNotStallAnotherSessionOfTheSameLoop() throws Exception {
        int port = servers.start(TestServers.local().eventLoops(1).maxMessageSize(MESSAGE_SIZE)
                .route("/echo", RecordingHandler.echoing())).port();
        try (JdkWsClient probe = JdkWsClient.connect(port, "/echo");
                RawWsClient flooder = RawWsClient.open(port, "/echo")) {
            byte[] wire = oneByteFragments(MESSAGE_SIZE);
            CompletableFuture<RawWsClient.Frame> echo = CompletableFuture.supplyAsync(() -> {
                try {
                    flooder.sendRaw(wire);
                    return flooder.readFrame();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            long slowest = 0;
            int roundTrips = 0;
            while (!echo.isDone() || roundTrips == 0) {
                long start = System.nanoTime();
                probe.sendText("ping " + roundTrips);
                assertThat(probe.awaitText()).isEqualTo("ping " + roundTrips);
                slowest = Math.max(slowest, System.nanoTime() - start);
                roundTrips++;
            }

            RawWsClient.Frame echoed = echo.get(20, TimeUnit.SECONDS);
            assertThat(echoed.payload()).hasSize(MESSAGE_SIZE);
            for (int i = 0; i < MESSAGE_SIZE; i += 4099) {
                assertThat(echoed.payload()[i]).as("byte %d", i).isEqualTo((byte) i);
            }
            assertThat(Duration.ofNanos(slowest)).as("slowest of %d round trips during the flood", roundTrips)
                    .isLessThan(STALL_BOUND);
        }
    }
}
