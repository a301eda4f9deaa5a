package io.wsengine.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader is at rest, and may serve another connection, exactly when nothing of a frame or message is held. */
class FrameReaderTest {
    /** Records what it is given, as a connection would receive it. */
    private static final class Recorder implements MessageListener {
        final List<String> delivered = new ArrayList<>();

        @Override
        public void onText(String text, int bytes) {
            delivered.add(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            delivered.add("binary");
        }

        @Override
        public void onPing(byte[] payload) {
            delivered.add("ping");
        }

        @Override
        public void onPong(byte[] payload) {
            delivered.add("pong");
        }

        @Override
        public void onCloseFrame(int code, String reason) {
            delivered.add("close");
        }
    }

    private final Recorder listener = new Recorder();
    private final List<String> delivered = listener.delivered;
    private final FrameReader reader = new FrameReader().bind(listener, 1000, 1000);

    private void feed(byte[] bytes) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        while (source.hasRemaining()) {
            reader.parse(source);
        }
    }

    @Test
    void isAtRestBeforeAnythingAndAfterEachWholeMessageOrControlFrame() {
        assertThat(reader.atRest()).isTrue();

        feed(ClientFrames.text("hello"));
        assertThat(reader.atRest()).isTrue();
        feed(ClientFrames.ping("are you there"));
        assertThat(reader.atRest()).isTrue();

        assertThat(delivered).containsExactly("hello", "ping");
    }

    @Test
    void isNotAtRestInsideAFrameHeaderOrPayload() {
        byte[] frame = ClientFrames.text("a message of some length");

        feed(Arrays.copyOfRange(frame, 0, 1));
        assertThat(reader.atRest()).isFalse();
        feed(Arrays.copyOfRange(frame, 1, 8));
        assertThat(reader.atRest()).isFalse();
        feed(Arrays.copyOfRange(frame, 8, frame.length));
        assertThat(reader.atRest()).isTrue();
        assertThat(delivered).containsExactly("a message of some length");
    }

    @Test
    void isNotAtRestBetweenTheFragmentsOfAMessageEvenWithAControlFrameBetween() {
        feed(ClientFrames.text(false, "first "));
        assertThat(reader.atRest()).isFalse();
        feed(ClientFrames.ping(""));
        assertThat(reader.atRest()).isFalse();
        feed(ClientFrames.continuation(true, ClientFrames.utf8("last")));

        assertThat(reader.atRest()).isTrue();
        assertThat(delivered).containsExactly("ping", "first last");
    }

    @Test
    void rebindingChangesTheListenerAndTheLimits() {
        Recorder other = new Recorder();
        feed(ClientFrames.text("x".repeat(500)));

        reader.bind(other, 100, 1000);

        feed(ClientFrames.text("to the other"));
        assertThat(other.delivered).containsExactly("to the other");
        assertThat(delivered).hasSize(1);
        assertThatThrownBy(() -> feed(ClientFrames.text("x".repeat(500))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("over the limit of 100");
    }
}
