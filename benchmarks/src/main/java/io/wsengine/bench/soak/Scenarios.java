package io.wsengine.bench.soak;

import static io.wsengine.bench.BlockingWsClient.BINARY;
import static io.wsengine.bench.BlockingWsClient.CLOSE;
import static io.wsengine.bench.BlockingWsClient.CONTINUATION;
import static io.wsengine.bench.BlockingWsClient.PING;
import static io.wsengine.bench.BlockingWsClient.PONG;
import static io.wsengine.bench.BlockingWsClient.TEXT;

import io.wsengine.bench.BlockingWsClient;
import io.wsengine.bench.BlockingWsClient.Frame;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bodies of the {@link Scenario}s. Each opens its connection through {@link ScenarioConnections}
 * (bounded, reset at the end whatever happens) and throws {@link Unexpected} when the server does not
 * answer as RFC 6455 and the engine's limits say it must.
 */
final class Scenarios {
    /** 64 KiB: a frame with a 64-bit length, and the size of the slow readers' messages. */
    private static final int BIG = 64 * 1024;
    /** Enough for a slow reader to pass the 4 MiB outbound limit plus what the kernel buffers on the server's side. */
    private static final int SLOW_READER_MESSAGES = 160;
    private static final AtomicLong GROUPS = new AtomicLong();

    /** The server did something other than expected. */
    static final class Unexpected extends Exception {
        Unexpected(String message) {
            super(message);
        }
    }

    private Scenarios() {
    }

    /** Text and binary echoed in order, then a close handshake that the server ends (RFC 6455 section 7.1.1). */
    static void cleanEcho(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        byte[][] sent = {ascii(random, 1 + random.nextInt(2000)), bytes(random, 1 + random.nextInt(2000)),
                ("é€\uD83D\uDE00 " + random.nextInt()).getBytes(StandardCharsets.UTF_8)};
        int[] opcodes = {TEXT, BINARY, TEXT};
        for (int i = 0; i < sent.length; i++) {
            client.send(opcodes[i], sent[i]);
        }
        for (int i = 0; i < sent.length; i++) {
            expectMessage(client.readMessage(), opcodes[i], sent[i], "echo " + i);
        }
        closeNormally(client);
    }

    /** A message, then a reset before its echo could be read. */
    static void resetAfterSend(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        client.send(TEXT, ascii(random, 200));
        client.abort();
    }

    /** A frame header and part of its payload, then a reset: the server holds half a frame when it goes. */
    static void resetMidFrame(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        ByteBuffer partial = ByteBuffer.allocate(14 + 1000);
        BlockingWsClient.putHeader(partial, true, TEXT, 4000);
        partial.put(ascii(random, 1000));
        client.write(partial.array(), 0, partial.position());
        client.abort();
    }

    /** Half an upgrade request, then a reset. */
    static void resetMidHandshake(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        Socket socket = c.connect("/echo");
        byte[] request = BlockingWsClient.upgradeRequest(c.url("/echo"));
        socket.getOutputStream().write(request, 0, request.length / 2);
        BlockingWsClient.reset(socket);
    }

    /**
     * Hundreds of pings in one write: each is answered in order (RFC 6455 section 5.5.3 lets a server
     * answer only the latest of pings it has not answered yet, so pongs may be skipped, never reordered),
     * and the session still echoes afterwards.
     */
    static void pingFlood(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        int pings = 100 + random.nextInt(200);
        ByteBuffer flood = ByteBuffer.allocate(pings * (6 + 8));
        for (long i = 0; i < pings; i++) {
            BlockingWsClient.putHeader(flood, true, PING, 8);
            flood.putLong(i);
        }
        client.write(flood.array(), 0, flood.position());
        long last = -1;
        int pongs = 0;
        while (last < pings - 1) {
            Frame f = client.readFrame();
            if (f.opcode() != PONG || f.payload().length != 8) {
                throw new Unexpected("expected a pong with the ping's 8 bytes, got opcode " + f.opcode() + ", "
                        + f.payload().length + " bytes" + closeCode(f));
            }
            long index = ByteBuffer.wrap(f.payload()).getLong();
            if (index <= last || index >= pings) {
                throw new Unexpected("pong for ping " + index + " after the one for ping " + last);
            }
            last = index;
            pongs++;
        }
        if (pongs < pings) {
            stats.note("ping flood: some pings answered by a later pong only");
        }
        byte[] text = ascii(random, 64);
        client.send(TEXT, text);
        expectMessage(client.readMessage(), TEXT, text, "echo after the pings");
        closeNormally(client);
    }

    /** A group of its own, joined and left: the server must forget empty groups. */
    static void groupJoinLeave(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/group/soak-" + GROUPS.incrementAndGet());
        byte[] text = ascii(random, 32);
        client.send(TEXT, text);
        expectMessage(client.readMessage(), TEXT, text, "the group's message");
        closeNormally(client);
    }

    /** A frame declaring one byte more than the limit: close 1009 before the payload (RFC 6455 section 7.4.1). */
    static void oversizedDeclared(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        ByteBuffer frame = ByteBuffer.allocate(14 + 1024);
        BlockingWsClient.putHeader(frame, true, BINARY, SoakSettings.MAX_MESSAGE_SIZE + 1L);
        frame.put(new byte[1024]);
        client.write(frame.array(), 0, frame.position());
        expectClose(client, 1009);
    }

    /** Fragments of 64 KiB that together pass the limit: close 1009 once the total does. */
    static void oversizedFragmented(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo");
        byte[] fragment = ascii(random, BIG);
        int fragments = SoakSettings.MAX_MESSAGE_SIZE / BIG + 1;
        try {
            for (int i = 0; i < fragments; i++) {
                client.sendFrame(i == fragments - 1, i == 0 ? TEXT : CONTINUATION, fragment, 0, fragment.length);
            }
        } catch (IOException e) {
            stats.note("oversized fragmented: the server stopped taking fragments"); // its close is still there to read
        }
        expectClose(client, 1009);
    }

    /** A reader that sends megabytes and never reads, then resets with the server's outbound queue full. */
    static void slowReaderReset(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo", 4096);
        byte[] payload = bytes(random, BIG);
        for (int i = 0; i < SLOW_READER_MESSAGES; i++) {
            client.send(BINARY, payload);
        }
        client.abort();
    }

    /**
     * A reader that sends megabytes before reading anything: the echoes it gets are intact, and once
     * the server's outbound buffer passes its limit the session closes (1008 by default, 1013 by
     * policy); if the kernel's buffers held it all, every echo arrives. What arrives before the close
     * is a whole prefix: a missing, repeated or reordered echo is a failure. (A missing one before
     * the close was once seen here: a smaller send got in after the one that overflowed.)
     */
    static void slowReaderDrains(ScenarioConnections c, SplittableRandom random, ScenarioStats stats) throws Exception {
        BlockingWsClient client = c.open("/echo", 4096);
        byte[] payload = bytes(random, BIG);
        for (int i = 0; i < SLOW_READER_MESSAGES; i++) {
            ByteBuffer.wrap(payload).putInt(i); // each message carries its index
            client.send(BINARY, payload);
        }
        int expected = 0;
        while (true) {
            Frame f = client.readMessage();
            if (f.opcode() == CLOSE) {
                if (f.closeCode() != 1008 && f.closeCode() != 1013) {
                    throw new Unexpected("slow reader closed with " + f.closeCode() + ", not 1008 or 1013, after "
                            + expected + " echoes");
                }
                stats.note("slow reader: closed " + f.closeCode() + " when over the outbound limit");
                client.sendClose(f.closeCode());
                client.awaitEnd();
                return;
            }
            if (expected == SLOW_READER_MESSAGES) {
                throw new Unexpected("an echo after the last message's" + closeCode(f));
            }
            int index = f.payload().length >= 4 ? ByteBuffer.wrap(f.payload()).getInt(0) : -1;
            ByteBuffer.wrap(payload).putInt(index);
            expectMessage(f, BINARY, payload, "slow reader's echo of message " + index);
            if (index != expected) {
                throw new Unexpected("echo of message " + index + " where that of message " + expected + " was due");
            }
            expected = index + 1;
            if (expected == SLOW_READER_MESSAGES) {
                stats.note("slow reader: every echo arrived (the kernel's buffers held them)");
                closeNormally(client);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- expectations

    private static void expectMessage(Frame f, int opcode, byte[] payload, String what) throws Unexpected {
        if (f.opcode() != opcode) {
            throw new Unexpected(what + ": expected opcode " + opcode + ", got " + f.opcode() + closeCode(f));
        }
        if (!Arrays.equals(f.payload(), payload)) {
            throw new Unexpected(what + ": " + f.payload().length + " bytes that differ from the " + payload.length + " sent");
        }
    }

    /** The server's close frame with this code and no data before it; then our FIN, and the server ends the connection. */
    private static void expectClose(BlockingWsClient client, int code) throws Exception {
        Frame f = client.readFrame();
        if (f.opcode() != CLOSE) {
            throw new Unexpected("expected close " + code + ", got opcode " + f.opcode());
        }
        if (f.closeCode() != code) {
            throw new Unexpected("expected close " + code + ", got close " + f.closeCode());
        }
        client.finishOutput(); // mid-frame, a close frame of ours would only be read as payload
        client.awaitEnd();
    }

    /** Our close 1000; the server answers 1000 and ends the TCP connection. */
    private static void closeNormally(BlockingWsClient client) throws Exception {
        client.sendClose(1000);
        int code = client.awaitCloseAndEnd();
        if (code != 1000) {
            throw new Unexpected("close handshake answered with " + code + ", not 1000");
        }
    }

    private static String closeCode(Frame f) {
        return f.opcode() == CLOSE ? " (close " + f.closeCode() + ")" : "";
    }

    /** Printable ASCII: valid UTF-8 however it is cut. */
    private static byte[] ascii(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (0x21 + random.nextInt(0x7e - 0x21 + 1));
        }
        return b;
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }
}
