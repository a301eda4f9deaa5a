package io.wsengine.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue over a transport that holds some of what it takes, as TLS does with records
 * the socket did not take whole: sends complete only once their bytes are on the wire, held wire
 * bytes count as buffered, and nothing held is dropped or written twice.
 */
class OutboundQueueHeldBytesTest {
    private final ByteBuffer staging = ByteBuffer.allocate(1024);
    private final HoldingTransport transport = new HoldingTransport();
    private final OutboundQueue queue = new OutboundQueue();

    @Test
    void aSendCompletesOnlyOnceTheBytesItsFrameWasWrappedIntoAreWritten() throws Exception {
        CompletableFuture<Void> sent = offer(100);
        transport.holdNext(100, 130); // the whole frame wrapped, its record not taken

        assertThat(queue.writeTo(transport, staging)).isEqualTo(OutboundQueue.Progress.PENDING);
        assertThat(sent).isNotDone();
        assertThat(queue.bufferedAmount()).isEqualTo(130); // the ciphertext, not the plaintext, once wrapped

        transport.blocked = true;
        assertThat(queue.writeTo(transport, staging)).isEqualTo(OutboundQueue.Progress.STALLED);
        assertThat(sent).isNotDone();

        transport.blocked = false;
        assertThat(queue.writeTo(transport, staging)).isEqualTo(OutboundQueue.Progress.DRAINED);
        assertThat(sent).isCompleted();
        assertThat(queue.bufferedAmount()).isZero();
        assertThat(transport.plaintextTaken).isEqualTo(100); // taken once, never staged again
    }

    @Test
    void framesWhoseBytesAllWentOutCompleteWhileALaterOneIsHeld() throws Exception {
        CompletableFuture<Void> first = offer(50);
        CompletableFuture<Void> second = offer(50);
        transport.holdNext(30, 40); // the second frame's last 30 bytes are in a record the socket did not take

        queue.writeTo(transport, staging);
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat(queue.bufferedAmount()).isEqualTo(40);

        queue.writeTo(transport, staging);
        assertThat(second).isCompleted();
        assertThat(queue.bufferedAmount()).isZero();
    }

    @Test
    void nothingNewIsTakenWhileBytesAreHeld() throws Exception {
        offer(100);
        transport.holdNext(100, 130);
        queue.writeTo(transport, staging);
        CompletableFuture<Void> later = offer(10);
        transport.blocked = true;

        queue.writeTo(transport, staging);
        assertThat(transport.plaintextTaken).isEqualTo(100);
        assertThat(queue.bufferedAmount()).isEqualTo(140); // held ciphertext plus the new frame's plaintext

        transport.blocked = false;
        queue.writeTo(transport, staging);
        assertThat(later).isCompleted();
        assertThat(transport.plaintextTaken).isEqualTo(110);
    }

    @Test
    void anOverflowCloseKeepsAFrameThatIsWrappedButHeld() throws Exception {
        CompletableFuture<Void> wrapped = offer(100);
        transport.holdNext(100, 130);
        queue.writeTo(transport, staging);
        CompletableFuture<Void> unstarted = offer(100);

        queue.discardUnstarted(new IllegalStateException("overflow"));
        assertThat(unstarted).isCompletedExceptionally();
        assertThat(wrapped).isNotDone(); // its record is partly on the wire: dropping it would corrupt the stream

        queue.writeTo(transport, staging);
        assertThat(wrapped).isCompleted();
    }

    @Test
    void theFinalFrameCountsAsWrittenOnlyOnceItsRecordIsOut() throws Exception {
        CompletableFuture<Void> close = new CompletableFuture<>();
        queue.offer(new OutboundFrame(OutboundFrame.Kind.FINAL, new ByteBuffer[] {ByteBuffer.allocate(4)}, close));
        transport.holdNext(4, 30);

        assertThat(queue.writeTo(transport, staging)).isEqualTo(OutboundQueue.Progress.PENDING);
        assertThat(close).isNotDone();
        assertThat(queue.writeTo(transport, staging)).isEqualTo(OutboundQueue.Progress.FINAL_WRITTEN);
        assertThat(close).isCompleted();
    }

    private CompletableFuture<Void> offer(int size) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        assertThat(queue.offerWithinLimit(
                new OutboundFrame(OutboundFrame.Kind.DATA, new ByteBuffer[] {ByteBuffer.allocate(size)}, future),
                1_000_000)).isTrue();
        return future;
    }

    /**
     * Takes all it is given; the write after {@link #holdNext} keeps that many of the last plaintext
     * bytes in that many wire bytes, until a writeHeld while not {@link #blocked}.
     */
    private static final class HoldingTransport implements Transport {
        boolean blocked;
        long plaintextTaken;
        private int nextHeldPlaintext;
        private int nextHeldWire;
        private int heldPlaintext;
        private int heldWire;

        void holdNext(int plaintext, int wire) {
            nextHeldPlaintext = plaintext;
            nextHeldWire = wire;
        }

        @Override
        public int write(ByteBuffer from) {
            if (heldWire > 0 || blocked) {
                return 0;
            }
            int taken = from.remaining();
            from.position(from.limit());
            plaintextTaken += taken;
            heldPlaintext = nextHeldPlaintext;
            heldWire = nextHeldWire;
            nextHeldPlaintext = 0;
            nextHeldWire = 0;
            return taken;
        }

        @Override
        public int writeHeld() {
            if (blocked) {
                return 0;
            }
            int written = heldWire;
            heldWire = 0;
            heldPlaintext = 0;
            return written;
        }

        @Override
        public int heldWireBytes() {
            return heldWire;
        }

        @Override
        public int heldPlaintext() {
            return heldPlaintext;
        }

        @Override
        public int read(ByteBuffer into) {
            return 0;
        }

        @Override
        public void interest(boolean read, boolean write) {
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }
}
