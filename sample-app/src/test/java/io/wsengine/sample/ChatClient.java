package io.wsengine.sample;

import io.wsengine.spring.test.WsTestSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A chat participant over a {@link WsTestSession}: sends the protocol's JSON, reads what the server sends. */
final class ChatClient implements AutoCloseable {
    final WsTestSession ws;
    private final JsonMapper json;

    ChatClient(WsTestSession ws, JsonMapper json) {
        this.ws = ws;
        this.json = json;
    }

    /** Sends a JSON object of these key/value pairs (a null value is sent as JSON null). */
    void send(Object... keysAndValues) {
        Map<String, Object> message = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            message.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        ws.sendText(json.writeValueAsString(message));
    }

    void sendJoin(String nickname) {
        send("type", "join", "nickname", nickname);
    }

    void sendMessage(String text) {
        send("type", "message", "text", text);
    }

    /**
     * The next message from the server, whatever its type; a room message of a recovery group (with the
     * cluster: {@code {"id":...,"data":...}}) as the message it carries.
     */
    JsonNode next() {
        JsonNode frame = nextFrame();
        return !frame.has("type") && frame.has("id") && frame.has("data") ? frame.get("data") : frame;
    }

    /** The next message from the server as it came. */
    JsonNode nextFrame() {
        return json.readTree(ws.awaitText());
    }

    /** The next message from the server, which must be of this type. */
    JsonNode expect(String type) {
        JsonNode message = next();
        assertThat(message.path("type").asString()).as("type of %s", message).isEqualTo(type);
        return message;
    }

    /** The next message, which must be an error with this code. */
    JsonNode expectError(String code) {
        JsonNode error = expect("error");
        assertThat(error.path("code").asString()).as("code of %s", error).isEqualTo(code);
        assertThat(error.path("message").asString()).as("message of %s", error).isNotBlank();
        return error;
    }

    /** The next message, which must be the chat line from this nickname with this text. */
    JsonNode expectMessage(String nickname, String text) {
        JsonNode line = expect("message");
        assertThat(line.path("nickname").asString()).as("nickname of %s", line).isEqualTo(nickname);
        assertThat(line.path("text").asString()).as("text of %s", line).isEqualTo(text);
        return line;
    }

    /** The next message, which must be the presence event for this nickname; returns its members. */
    List<String> expectPresence(String event, String nickname) {
        JsonNode presence = expect("presence");
        assertThat(presence.path("event").asString()).as("event of %s", presence).isEqualTo(event);
        assertThat(presence.path("nickname").asString()).as("nickname of %s", presence).isEqualTo(nickname);
        return strings(presence.path("members"));
    }

    /**
     * Joins and consumes what a successful join brings this connection: {@code joined}, then the
     * room's {@code presence} event announcing itself. Returns the {@code joined} message.
     */
    JsonNode join(String nickname) {
        sendJoin(nickname);
        JsonNode joined = expect("joined");
        expectPresence("join", nickname);
        return joined;
    }

    /** Posts and consumes the message as the room sends it back to its author. */
    JsonNode post(String nickname, String text) {
        sendMessage(text);
        return expectMessage(nickname, text);
    }

    /**
     * Posts and waits for the room to send it back, skipping what others said meanwhile: the next
     * message of any member is then ordered after this one.
     */
    void postAmongOthers(String nickname, String text) {
        sendMessage(text);
        while (true) {
            JsonNode next = next();
            if (next.path("type").asString().equals("message") && next.path("nickname").asString().equals(nickname)
                    && next.path("text").asString().equals(text)) {
                return;
            }
        }
    }

    static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    @Override
    public void close() {
        ws.close();
    }
}
