package io.wsengine.spring.it.strict;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.testing.RawWsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The conformance suite's framing cases that the starter answered NON-STRICT: a valid message, then a
 * frame that fails the connection, sent together. The reply to the valid message must come first,
 * then our close frame (RFC 6455 section 7.1.7). Each dispatch mode runs these in a subclass.
 */
abstract class StrictCloseSequences {

    /**
     * Echoes text, but only once the test has sent every byte of the case, so that the failing frame
     * has arrived before the reply is made. (With event-loop dispatch this blocks the loop: harmless
     * here, since the client's bytes wait in the socket.)
     */
    @WsEndpoint("/echo")
    static class LateEchoEndpoint {
        volatile CountDownLatch allSent = new CountDownLatch(0);

        @OnTextMessage
        String text(String text) throws InterruptedException {
            allSent.await(20, TimeUnit.SECONDS);
            return text;
        }
    }

    /** Replies later, through a stage the method returns: the close must wait for it too. */
    @WsEndpoint("/later")
    static class StageReplyEndpoint {
        @OnTextMessage
        CompletableFuture<String> text(String text) {
            // far longer than the close takes without waiting, far shorter than the close timeout
            return CompletableFuture.supplyAsync(() -> "later: " + text,
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        }
    }

    /** The Autobahn cases, by number, as the bytes the suite sends. */
    enum Case {
        RSV_2("3.2", frame(true, 0b010, 0x1, "Hello, world!"), false, 1002),
        RSV_3("3.3", frame(true, 0b011, 0x1, "Hello, world!"), false, 1002),
        RSV_4_OCTETWISE("3.4", frame(true, 0b100, 0x1, "Hello, world!"), true, 1002),
        OPCODE_5("4.1.3", frame(true, 0, 0x5, ""), false, 1002),
        OPCODE_6_WITH_PAYLOAD("4.1.4", frame(true, 0, 0x6, "hello"), false, 1002),
        OPCODE_11("4.2.3", frame(true, 0, 0xB, ""), false, 1002),
        OPCODE_12_WITH_PAYLOAD("4.2.4", frame(true, 0, 0xC, "hello"), false, 1002),
        OPCODE_15_OCTETWISE("4.2.5", frame(true, 0, 0xF, "hello"), true, 1002),
        CONTINUATION_WITHOUT_MESSAGE("5.15", concat(frame(false, 0, 0x0, "fragment3"), frame(true, 0, 0x1, "fragment4")),
                false, 1002),
        PEERS_CLOSE_FRAME("close", frame(true, 0, 0x8, "\u0003\u00e8"), false, 1000);

        final String autobahn;
        final byte[] failing;
        final boolean octetWise;
        final int closeCode;

        Case(String autobahn, byte[] failing, boolean octetWise, int closeCode) {
            this.autobahn = autobahn;
            this.failing = failing;
            this.octetWise = octetWise;
            this.closeCode = closeCode;
        }

        /** What comes before the failing frame: a text message (5.15: in two fragments) to be echoed. */
        byte[] valid() {
            return this == CONTINUATION_WITHOUT_MESSAGE
                    ? concat(frame(false, 0, 0x1, "fragment1"), frame(true, 0, 0x0, "fragment2"))
                    : frame(true, 0, 0x1, "Hello, world!");
        }

        String echo() {
            return this == CONTINUATION_WITHOUT_MESSAGE ? "fragment1fragment2" : "Hello, world!";
        }
    }

    private static byte[] frame(boolean fin, int rsv, int opcode, String payload) {
        return RawWsClient.frame(fin, rsv, opcode, true, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Autowired
    LateEchoEndpoint endpoint;

    @Test
    void aReplyThatAReturnedStageCompletesGoesOutBeforeTheCloseFrame() throws IOException {
        try (RawWsClient client = RawWsClient.open(port(), "/later")) {
            client.sendRaw(concat(frame(true, 0, 0x1, "hi"), frame(true, 0, 0x8, "\u0003\u00e8")));

            RawWsClient.Frame reply = client.readFrame();
            assertThat(reply.opcode()).as("first frame").isEqualTo(0x1);
            assertThat(reply.text()).isEqualTo("later: hi");
            assertThat(client.readFrame().closeCode()).isEqualTo(1000);
        }
    }

    abstract int port();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Case.class)
    void theReplyToAValidMessageGoesOutBeforeTheCloseFrame(Case sequence) throws IOException {
        CountDownLatch allSent = new CountDownLatch(1);
        endpoint.allSent = allSent;
        try (RawWsClient client = RawWsClient.open(port(), "/echo")) {
            // The suite sends the message, the failing frame and a ping (which must go unanswered).
            byte[] wire = concat(sequence.valid(), sequence.failing, frame(true, 0, 0x9, ""));
            if (sequence.octetWise) {
                client.trickle(wire);
            } else {
                client.sendRaw(wire);
            }
            allSent.countDown();

            RawWsClient.Frame reply = client.readFrame();
            assertThat(reply.opcode()).as("case %s: first frame", sequence.autobahn).isEqualTo(0x1);
            assertThat(reply.text()).isEqualTo(sequence.echo());
            RawWsClient.Frame close = client.readFrame();
            assertThat(close.opcode()).as("case %s: second frame", sequence.autobahn).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(sequence.closeCode);
            assertThat(client.awaitEndOfStream()).as("TCP closed after the close frame").isTrue();
        }
    }
}
