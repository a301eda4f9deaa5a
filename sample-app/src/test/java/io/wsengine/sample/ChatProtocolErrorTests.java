package io.wsengine.sample;

import io.wsengine.CloseStatus;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Requests that break the protocol: a readable one gets an error and the connection stays open;
 * a frame that is not JSON, or a room name that is not allowed, closes it.
 */
class ChatProtocolErrorTests extends ChatServerTestSupport {

    @Test
    void unknownTypeIsAnsweredWithAnErrorAndTheConnectionStaysOpen() {
        ChatClient client = chat(newRoom());

        client.send("type", "dance", "nickname", "ada");
        JsonNode error = client.expectError("unknown-type");

        assertThat(error.path("message").asString()).contains("dance");
        client.join("ada");
    }

    @Test
    void anUnknownTypeIsQuotedBackAtMost40CharactersLong() {
        ChatClient client = chat(newRoom());

        client.send("type", "x".repeat(100_000));
        JsonNode error = client.expectError("unknown-type");

        assertThat(error.path("message").asString()).contains("x".repeat(40) + "...").doesNotContain("x".repeat(41));
    }

    @Test
    void messageWithoutTypeIsAnsweredWithAnErrorAndTheConnectionStaysOpen() {
        ChatClient client = chat(newRoom());

        client.send("nickname", "ada");
        client.expectError("invalid-message");

        client.join("ada");
    }

    @Test
    void jsonNullIsAnsweredWithAnErrorAndTheConnectionStaysOpen() {
        ChatClient client = chat(newRoom());

        client.ws.sendText("null");
        client.expectError("invalid-message");

        client.join("ada");
    }

    @Test
    void unknownFieldsAreIgnored() {
        ChatClient client = chat(newRoom());

        client.send("type", "join", "nickname", "ada", "colour", "green");

        assertThat(client.expect("joined").path("nickname").asString()).isEqualTo("ada");
    }

    @Test
    void messageBeforeJoiningIsRefusedAndTheConnectionStaysOpen() {
        String room = newRoom();
        ChatClient grace = joined(room, "grace");
        ChatClient ada = chat(room);

        ada.sendMessage("let me in");
        ada.expectError("not-joined");
        ada.join("ada");

        // grace saw ada join, and never the message sent before it
        assertThat(grace.expectPresence("join", "ada")).containsExactly("grace", "ada");
    }

    @Test
    void messageBeforeJoiningARoomThatDoesNotExistYetIsRefused() {
        ChatClient ada = chat(newRoom());

        ada.sendMessage("hello?");
        ada.expectError("not-joined");

        ada.join("ada");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void emptyMessageIsRefusedAndTheConnectionStaysOpen(String text) {
        ChatClient ada = joined(newRoom(), "ada");

        ada.sendMessage(text);
        ada.expectError("invalid-message");

        ada.post("ada", "not empty");
    }

    /**
     * The parser's own message for each of these names our record's class, Java types and the
     * position in the input; the client is told only what kind of mistake it made.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "hello, is this the chat?",                          // not JSON
            "{\"type\":\"join\",\"nickname\":",                  // JSON cut short
            "[\"join\", \"ada\"]",                                // not an object
            "{\"type\":\"join\",\"nickname\":{\"first\":\"ada\"}}" // a field of the wrong type
    })
    void undecodableFrameClosesWith1007AndAReasonWithoutClassNamesOrParserDetail(String frame) {
        ChatClient client = chat(newRoom());

        client.ws.sendText(frame);
        CloseStatus close = client.ws.awaitClose();

        assertThat(close.code()).isEqualTo(1007);
        ClientSafeText.assertSafe(close.reason());
        assertThat(close.reason()).isEqualTo("not a JSON chat message");
    }

    @Test
    void roomNameWithASpaceClosesTheConnectionWith1008() {
        WsTestSession client = connect("/chat/a%20b");

        assertThat(client.awaitClose().code()).isEqualTo(1008);
    }

    @Test
    void roomNameOver40CharactersClosesTheConnectionWith1008() {
        WsTestSession client = connect("/chat/" + "r".repeat(41));

        assertThat(client.awaitClose().code()).isEqualTo(1008);
    }

    @Test
    void roomNameOf40CharactersIsAccepted() {
        String room = "r".repeat(40);

        JsonNode joined = chat(room).join("ada");

        assertThat(joined.path("room").asString()).isEqualTo(room);
    }

    @Test
    void roomNameIsDecodedFromThePath() {
        String room = "café-" + newRoom();

        JsonNode joined = chat(URLEncoder.encode(room, StandardCharsets.UTF_8)).join("ada");

        assertThat(joined.path("room").asString()).isEqualTo(room);
    }

    @Test
    void joinPipelinedWithTheHandshakeOnARefusedRoomDoesNotCreateTheRoom() throws IOException {
        String room = "no room " + newRoom();
        String join = "{\"type\":\"join\",\"nickname\":\"ada\"}";

        try (Socket socket = new Socket("127.0.0.1", wsPort)) {
            socket.setSoTimeout((int) WsTestClient.DEFAULT_TIMEOUT.toMillis());
            // the handshake and the join in one write: the join is read before the endpoint's onOpen refuses the room
            OutputStream out = socket.getOutputStream();
            out.write(concat(("GET /chat/" + room.replace(" ", "%20") + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + wsPort + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), maskedTextFrame(join)));
            out.flush();

            assertThat(readCloseCodeAfterHandshake(socket.getInputStream())).isEqualTo(1008);
        }
        await("the refused room is never created").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !chatService.hasRoom(room));
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | payload.length); // masked, short length
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Skips the 101 response head, then reads the server's first frame, which must be a close. */
    private static int readCloseCodeAfterHandshake(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response head so far: %s", head).isNotEqualTo(-1);
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        byte[] frameHead = in.readNBytes(4);
        assertThat(frameHead).hasSize(4);
        assertThat(frameHead[0] & 0x0F).as("opcode of the first frame").isEqualTo(0x8);
        return ((frameHead[2] & 0xFF) << 8) | (frameHead[3] & 0xFF);
    }
}
