package io.wsengine.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CompressionConfig;
import io.wsengine.CompressionConfig.ContextTakeover;
import io.wsengine.PreparedMessage;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.internal.deflate.Zlib;
import io.wsengine.testing.ClientDeflate;
import io.wsengine.testing.CompressedHandshake;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compressed sessions over a real socket (RFC 7692): a raw client offers permessage-deflate in its
 * upgrade request, checks the 101's exact {@code Sec-WebSocket-Extensions}, and then compresses and
 * inflates with {@link ClientDeflate} as the agreement says.
 */
class CompressedSessionsTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int RSV1 = 0x4; // as RawWsClient counts the reserved bits

    private static final String OFFER = "permessage-deflate";
    private static final String OFFER_WITHOUT_TAKEOVER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    /** What a server that allows takeover answers a bare offer: both sides keep their contexts. */
    private static final String WITH_TAKEOVER = "permessage-deflate";
    private static final String WITHOUT_TAKEOVER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    /** Compression on, set here whatever WsServerConfig's default is. */
    private static CompressionConfig compression(ContextTakeover policy) {
        return CompressionConfig.builder().enabled(true).contextTakeover(policy).build();
    }

    private int start(ContextTakeover policy, RecordingHandler handler) {
        return servers.start(TestServers.local().eventLoops(1).compression(compression(policy))
                .route(WsRoute.builder("/echo", handler).maxMessageSize(1 << 20).build()))
                .port();
    }

    /** Upgrades on /echo with this offer; fails unless the 101 states exactly {@code agreed}. */
    private static RawWsClient open(int port, String offer, String agreed) throws IOException {
        return CompressedHandshake.open(port, "/echo", offer, agreed);
    }

    private static String json(int length, int seed) {
        StringBuilder text = new StringBuilder();
        for (int i = seed; text.length() < length; i++) {
            text.append("{\"room\":\"lobby\",\"n\":").append(i % 97).append(",\"text\":\"h\u00e9llo\"},");
        }
        return text.substring(0, length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sendCompressed(RawWsClient client, ClientDeflate deflate, int opcode, byte[] message)
            throws Exception {
        client.sendRaw(RawWsClient.frame(true, RSV1, opcode, true, deflate.compress(message)));
    }

    /** Reads a message the server compressed, checking it came as one final frame with RSV1 set. */
    private static String readCompressedText(RawWsClient client, ClientDeflate deflate) throws Exception {
        RawWsClient.Frame frame = client.readFrame();
        assertThat(frame.fin()).isTrue();
        assertThat(frame.rsv()).as("RSV1 only").isEqualTo(RSV1);
        assertThat(frame.opcode()).isEqualTo(TEXT);
        return new String(deflate.inflate(frame.payload()), StandardCharsets.UTF_8);
    }

    @Test
    void echoesCompressedMessagesWithContextTakeoverBothWays() throws Exception {
        int port = start(ContextTakeover.ALLOWED, RecordingHandler.echoing());
        try (RawWsClient client = open(port, OFFER, WITH_TAKEOVER); ClientDeflate deflate = new ClientDeflate(true, true)) {
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String message = json(2000, i);
                sendCompressed(client, deflate, TEXT, utf8(message));
                RawWsClient.Frame frame = client.readFrame();
                sizes.add(frame.payload().length);
                assertThat(frame.rsv()).isEqualTo(RSV1);
                assertThat(new String(deflate.inflate(frame.payload()), StandardCharsets.UTF_8)).isEqualTo(message);
            }
            assertThat(sizes.get(4)).as("later messages refer back to earlier ones").isLessThan(sizes.get(0) / 2);
        }
    }

    @Test
    void echoesWithoutContextTakeoverAndSendsSmallMessagesPlain() throws Exception {
        int port = start(ContextTakeover.ALLOWED, RecordingHandler.echoing());
        try (RawWsClient client = open(port, OFFER_WITHOUT_TAKEOVER, WITHOUT_TAKEOVER);
                ClientDeflate deflate = new ClientDeflate(false, false)) {
            String large = json(1000, 1);
            sendCompressed(client, deflate, TEXT, utf8(large));
            assertThat(readCompressedText(client, deflate)).isEqualTo(large);

            sendCompressed(client, deflate, TEXT, utf8("tiny"));
            RawWsClient.Frame small = client.readFrame();
            assertThat(small.rsv()).as("under the 256-byte minimum: uncompressed").isZero();
            assertThat(small.text()).isEqualTo("tiny");

            client.sendText("plain in, " + large); // uncompressed in, compressed out
            assertThat(readCompressedText(client, deflate)).isEqualTo("plain in, " + large);

            byte[] binary = utf8(json(700, 2));
            sendCompressed(client, deflate, BINARY, binary);
            RawWsClient.Frame frame = client.readFrame();
            assertThat(frame.rsv()).isEqualTo(RSV1);
            assertThat(frame.opcode()).isEqualTo(BINARY);
            assertThat(deflate.inflate(frame.payload())).isEqualTo(binary);
        }
    }

    @Test
    void aCompressedMessageMayArriveFragmentedAndOneByteAtATime() throws Exception {
        int port = start(ContextTakeover.ALLOWED, RecordingHandler.echoing());
        try (RawWsClient client = open(port, OFFER, WITH_TAKEOVER); ClientDeflate deflate = new ClientDeflate(true, true)) {
            String message = json(3000, 3);
            byte[] compressed = deflate.compress(utf8(message));
            int half = compressed.length / 2;
            byte[] wire = concat(
                    RawWsClient.frame(false, RSV1, TEXT, true, Arrays.copyOfRange(compressed, 0, half)),
                    RawWsClient.frame(true, 0, 0x9, true, new byte[0]),
                    RawWsClient.frame(true, 0, 0x0, true, Arrays.copyOfRange(compressed, half, compressed.length)));

            client.trickle(wire);

            assertThat(client.readFrame().opcode()).as("the pong").isEqualTo(0xA);
            assertThat(readCompressedText(client, deflate)).isEqualTo(message);
        }
    }

    // With context takeover the deflater's state must follow wire order, whatever threads send.
    @Test
    void sendsFromManyThreadsReachTheClientInflatableInWireOrder() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        int port = start(ContextTakeover.ALLOWED, handler);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try (RawWsClient client = open(port, OFFER, WITH_TAKEOVER); ClientDeflate deflate = new ClientDeflate(true, true)) {
            WsSession session = handler.awaitOpen();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                sent.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        session.sendText(t + ":" + i + ":" + json(400 + i, i));
                    }
                }, senders));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

            Set<String> received = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String text = readCompressedText(client, deflate);
                String[] parts = text.split(":", 3);
                assertThat(parts[2]).isEqualTo(json(400 + Integer.parseInt(parts[1]), Integer.parseInt(parts[1])));
                received.add(parts[0] + ":" + parts[1]);
            }
            assertThat(received).hasSize(200);
        } finally {
            senders.shutdownNow();
        }
    }

    // A broadcast to receivers without server context takeover is compressed once, and all get the same bytes.
    @Test
    void aPreparedMessageIsCompressedOnceForReceiversWithoutContextAndOnItsOwnForOthers() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        int port = servers.start(TestServers.local().eventLoops(2).compression(compression(ContextTakeover.ALLOWED))
                .route("/echo", handler)).port();
        String text = json(5000, 4);
        PreparedMessage message = PreparedMessage.text(text);
        List<WsSession> sessions = new ArrayList<>();
        try (RawWsClient first = open(port, OFFER_WITHOUT_TAKEOVER, WITHOUT_TAKEOVER);
                RawWsClient second = openAfter(sessions, handler, port, OFFER_WITHOUT_TAKEOVER, WITHOUT_TAKEOVER);
                RawWsClient third = openAfter(sessions, handler, port, OFFER, WITH_TAKEOVER);
                ClientDeflate withoutContext = new ClientDeflate(false, false);
                ClientDeflate withContext = new ClientDeflate(true, true)) {
            sessions.add(handler.awaitOpen()); // the third's

            for (int round = 0; round < 2; round++) {
                sessions.forEach(session -> session.send(message));

                ByteBuffer once = message.deflatedFrame(6);
                byte[] sharedPayload = new byte[once.remaining() - 4];
                once.position(4).get(sharedPayload);
                for (RawWsClient client : List.of(first, second)) {
                    RawWsClient.Frame frame = client.readFrame();
                    assertThat(frame.payload()).as("the bytes compressed once").isEqualTo(sharedPayload);
                    assertThat(new String(withoutContext.inflate(frame.payload()), StandardCharsets.UTF_8)).isEqualTo(text);
                }
                assertThat(readCompressedText(third, withContext)).isEqualTo(text);
            }
        }
    }

    /**
     * Takes the session of the client opened last before opening the next one, so that the sessions
     * list in the clients' order.
     */
    private static RawWsClient openAfter(List<WsSession> sessions, RecordingHandler handler, int port, String offer,
            String agreed) throws IOException {
        sessions.add(handler.awaitOpen());
        return open(port, offer, agreed);
    }

    // The default policy imposes no context takeover in both directions on a bare offer.
    @Test
    void invalidCompressedDataCloses1007AndABombCloses1009() throws Exception {
        int port = start(ContextTakeover.NONE, RecordingHandler.echoing());
        try (RawWsClient client = open(port, OFFER, WITHOUT_TAKEOVER)) {
            client.sendRaw(RawWsClient.frame(true, RSV1, BINARY, true, new byte[] {(byte) 0xFF, (byte) 0xFF}));
            assertThat(client.readClose().closeCode()).isEqualTo(1007);
        }
        try (RawWsClient client = open(port, OFFER, WITHOUT_TAKEOVER); ClientDeflate deflate = new ClientDeflate(false, false)) {
            sendCompressed(client, deflate, BINARY, new byte[4 << 20]); // 4 MiB of zeros, 4 KiB compressed, limit 1 MiB
            assertThat(client.readClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void rsv1OnAControlFrameCloses1002EvenWithAnAgreement() throws Exception {
        int port = start(ContextTakeover.ALLOWED, RecordingHandler.echoing());
        try (RawWsClient client = open(port, OFFER, WITH_TAKEOVER)) {
            client.sendRaw(RawWsClient.frame(true, RSV1, 0x9, true, new byte[0]));
            assertThat(client.readClose().closeCode()).isEqualTo(1002);
        }
    }

    // RFC 7692 section 7.1.2.1: the JDK's Deflater has a 15-bit window only, so the server keeps to a
    // smaller one by resetting its context after every message (server_no_context_takeover, which it
    // may always add): a message within the window cannot refer back past the client's window, and a
    // longer one goes as stored blocks, which refer back to nothing.
    @Test
    void aSmallerServerWindowIsKeptWithoutContextAndWithStoredBlocksForLongerMessages() throws Exception {
        int port = start(ContextTakeover.ALLOWED, RecordingHandler.echoing());
        try (RawWsClient client = open(port, "permessage-deflate; server_max_window_bits=10",
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=10");
                ClientDeflate deflate = new ClientDeflate(true, false)) {
            String within = json(900, 5);
            assertThat(utf8(within).length).as("UTF-8 bytes within the 1024-byte window").isBetween(900, 1024);
            sendCompressed(client, deflate, TEXT, utf8(within));
            RawWsClient.Frame small = client.readFrame();
            assertThat(small.rsv()).isEqualTo(RSV1);
            assertThat(small.payload().length).as("within the window: deflated").isLessThan(900 / 2);
            assertThat(new String(deflate.inflate(small.payload()), StandardCharsets.UTF_8)).isEqualTo(within);

            String longer = json(3000, 6);
            sendCompressed(client, deflate, TEXT, utf8(longer));
            RawWsClient.Frame large = client.readFrame();
            assertThat(large.rsv()).isEqualTo(RSV1);
            assertThat(storedBlocks(large.payload())).as("stored blocks holding the message").isEqualTo(utf8(longer));
            assertThat(new String(deflate.inflate(large.payload()), StandardCharsets.UTF_8)).isEqualTo(longer);
        }
    }

    /**
     * The bytes held by a payload made of stored blocks only (RFC 1951 section 3.2.4): each a header
     * byte with BTYPE 00, then LEN, NLEN and LEN bytes; the last byte is the header of the empty block
     * whose length bytes the sender stripped (RFC 7692 section 7.2.1). Fails on any other block type,
     * so no block of the payload can hold a back-reference.
     */
    private static byte[] storedBlocks(byte[] payload) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            assertThat(at).as("a block header inside the payload").isLessThan(payload.length);
            assertThat((payload[at] >> 1) & 3).as("BTYPE of the block at byte %d", at).isZero();
            if (at == payload.length - 1) {
                return content.toByteArray(); // the empty block's header
            }
            assertThat(at + 5).as("LEN and NLEN of the block at byte %d", at).isLessThanOrEqualTo(payload.length);
            int length = (payload[at + 1] & 0xFF) | (payload[at + 2] & 0xFF) << 8;
            int complement = (payload[at + 3] & 0xFF) | (payload[at + 4] & 0xFF) << 8;
            assertThat(complement).as("NLEN of the block at byte %d", at).isEqualTo(~length & 0xFFFF);
            assertThat(at + 5 + length).as("the block at byte %d inside the payload", at).isLessThanOrEqualTo(payload.length);
            content.write(payload, at + 5, length);
            at += 5 + length;
        }
    }

    // Every Inflater and Deflater dropped is ended, however its connection goes; the pool's with its loop.
    @Test
    void endsEveryInflaterAndDeflaterOnEveryWayAConnectionGoes() throws Exception {
        long before = Zlib.open();
        RecordingHandler handler = RecordingHandler.echoing();
        WsServer server = servers.start(TestServers.local().eventLoops(1).compression(compression(ContextTakeover.ALLOWED))
                .idleTimeout(Duration.ofMillis(300)).closeTimeout(Duration.ofMillis(300))
                .route("/echo", handler));
        int port = server.port();
        List<RawWsClient> clients = new ArrayList<>();
        List<ClientDeflate> deflates = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                boolean takeover = i % 3 != 0;
                RawWsClient client = takeover ? open(port, OFFER, WITH_TAKEOVER)
                        : open(port, OFFER_WITHOUT_TAKEOVER, WITHOUT_TAKEOVER);
                ClientDeflate deflate = new ClientDeflate(takeover, takeover);
                clients.add(client);
                deflates.add(deflate);
                String message = json(1000, i);
                sendCompressed(client, deflate, TEXT, utf8(message)); // the session takes its contexts now
                assertThat(readCompressedText(client, deflate)).isEqualTo(message);
                if (takeover) {
                    client.sendRaw(RawWsClient.frame(false, RSV1, TEXT, true, new byte[] {0x4A})); // a message left unfinished
                }
            }
            assertThat(Zlib.open() - before).as("8 connections each own an inflater and a deflater").isGreaterThanOrEqualTo(16);

            clients.get(1).sendClose(1000, "bye");                            // the client closes
            clients.get(2).socket().close();                                 // the socket drops
            clients.get(4).sendRaw(RawWsClient.frame(true, RSV1, 0x9, true, new byte[0])); // a protocol error
            handler.awaitOpen().close();                                     // the server closes the first
            // the rest stay silent, some in the middle of a message

            for (int i = 0; i < 12; i++) {
                handler.awaitClose(); // the silent ones by the idle timeout, then the close timeout
            }
        } finally {
            for (RawWsClient client : clients) {
                client.close();
            }
            deflates.forEach(ClientDeflate::close);
        }
        servers.close();

        assertThat(Zlib.open()).as("none left unended").isEqualTo(before);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
