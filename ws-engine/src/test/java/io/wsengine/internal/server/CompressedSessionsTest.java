package io.wsengine.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.PreparedMessage;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.internal.deflate.DeflateParameters;
import io.wsengine.internal.deflate.Zlib;
import io.wsengine.testing.ClientDeflate;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compressed sessions over a real socket, with a raw client that compresses (RFC 7692). The agreement
 * is given to each session as it opens ({@link AgreedCompression}), where the negotiation will set it.
 */
class CompressedSessionsTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int RSV1 = 0x4; // as RawWsClient counts the reserved bits

    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private int start(DeflateParameters agreed, RecordingHandler handler) {
        return servers.start(TestServers.local().eventLoops(1)
                .route(WsRoute.builder("/echo", new AgreedCompression(agreed, handler)).maxMessageSize(1 << 20).build()))
                .port();
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
        int port = start(AgreedCompression.withTakeover(), RecordingHandler.echoing());
        try (RawWsClient client = RawWsClient.open(port, "/echo"); ClientDeflate deflate = new ClientDeflate(true, true)) {
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
        int port = start(AgreedCompression.withoutTakeover(), RecordingHandler.echoing());
        try (RawWsClient client = RawWsClient.open(port, "/echo"); ClientDeflate deflate = new ClientDeflate(false, false)) {
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
        int port = start(AgreedCompression.withTakeover(), RecordingHandler.echoing());
        try (RawWsClient client = RawWsClient.open(port, "/echo"); ClientDeflate deflate = new ClientDeflate(true, true)) {
            String message = json(3000, 3);
            byte[] compressed = deflate.compress(utf8(message));
            int half = compressed.length / 2;
            byte[] wire = concat(
                    RawWsClient.frame(false, RSV1, TEXT, true, java.util.Arrays.copyOfRange(compressed, 0, half)),
                    RawWsClient.frame(true, 0, 0x9, true, new byte[0]),
                    RawWsClient.frame(true, 0, 0x0, true, java.util.Arrays.copyOfRange(compressed, half, compressed.length)));

            client.trickle(wire);

            assertThat(client.readFrame().opcode()).as("the pong").isEqualTo(0xA);
            assertThat(readCompressedText(client, deflate)).isEqualTo(message);
        }
    }

    // With context takeover the deflater's state must follow wire order, whatever threads send.
    @Test
    void sendsFromManyThreadsReachTheClientInflatableInWireOrder() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        int port = start(AgreedCompression.withTakeover(), handler);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try (RawWsClient client = RawWsClient.open(port, "/echo"); ClientDeflate deflate = new ClientDeflate(true, true)) {
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
        RecordingHandler shared = new RecordingHandler();
        RecordingHandler own = new RecordingHandler();
        int port = servers.start(TestServers.local().eventLoops(2)
                .route("/shared", new AgreedCompression(AgreedCompression.withoutTakeover(), shared))
                .route("/own", new AgreedCompression(AgreedCompression.withTakeover(), own))).port();
        String text = json(5000, 4);
        PreparedMessage message = PreparedMessage.text(text);
        try (RawWsClient first = RawWsClient.open(port, "/shared");
                RawWsClient second = RawWsClient.open(port, "/shared");
                RawWsClient third = RawWsClient.open(port, "/own");
                ClientDeflate withoutContext = new ClientDeflate(false, false);
                ClientDeflate withContext = new ClientDeflate(true, true)) {
            List<WsSession> sessions = List.of(shared.awaitOpen(), shared.awaitOpen(), own.awaitOpen());

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

    @Test
    void invalidCompressedDataCloses1007AndABombCloses1009() throws Exception {
        int port = start(AgreedCompression.withoutTakeover(), RecordingHandler.echoing());
        try (RawWsClient client = RawWsClient.open(port, "/echo")) {
            client.sendRaw(RawWsClient.frame(true, RSV1, BINARY, true, new byte[] {(byte) 0xFF, (byte) 0xFF}));
            assertThat(client.readClose().closeCode()).isEqualTo(1007);
        }
        try (RawWsClient client = RawWsClient.open(port, "/echo"); ClientDeflate deflate = new ClientDeflate(false, false)) {
            sendCompressed(client, deflate, BINARY, new byte[4 << 20]); // 4 MiB of zeros, 4 KiB compressed, limit 1 MiB
            assertThat(client.readClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void rsv1OnAControlFrameCloses1002EvenWithAnAgreement() throws Exception {
        int port = start(AgreedCompression.withTakeover(), RecordingHandler.echoing());
        try (RawWsClient client = RawWsClient.open(port, "/echo")) {
            client.sendRaw(RawWsClient.frame(true, RSV1, 0x9, true, new byte[0]));
            assertThat(client.readClose().closeCode()).isEqualTo(1002);
        }
    }

    // Every Inflater and Deflater dropped is ended, however its connection goes; the pool's with its loop.
    @Test
    void endsEveryInflaterAndDeflaterOnEveryWayAConnectionGoes() throws Exception {
        long before = Zlib.open();
        RecordingHandler handler = RecordingHandler.echoing();
        WsServer server = servers.start(TestServers.local().eventLoops(1)
                .idleTimeout(Duration.ofMillis(300)).closeTimeout(Duration.ofMillis(300))
                .route("/takeover", new AgreedCompression(AgreedCompression.withTakeover(), handler))
                .route("/none", new AgreedCompression(AgreedCompression.withoutTakeover(), handler)));
        int port = server.port();
        List<RawWsClient> clients = new ArrayList<>();
        List<ClientDeflate> deflates = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                RawWsClient client = RawWsClient.open(port, i % 3 == 0 ? "/none" : "/takeover");
                ClientDeflate deflate = new ClientDeflate(i % 3 != 0, i % 3 != 0);
                clients.add(client);
                deflates.add(deflate);
                String message = json(1000, i);
                sendCompressed(client, deflate, TEXT, utf8(message)); // the session takes its contexts now
                assertThat(readCompressedText(client, deflate)).isEqualTo(message);
                if (i % 3 != 0) {
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
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
