package io.wsengine.sample;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on random ports, shared (one cached context) by the protocol test classes.
 * The chat answers on both (the shipped {@code ws.server.serve-on=both}); the protocol tests speak to
 * the engine's own port, {@link #chatOnWebPort} to the web app's. History is kept short so that its
 * bound is easy to reach. Each test uses rooms of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"ws.server.port=0", "chat.history-size=3"})
@AutoConfigureWsTestClient
abstract class ChatServerTestSupport {
    static final int HISTORY_SIZE = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalWsServerPort
    int wsPort;

    @LocalServerPort
    int webPort;

    @Autowired
    JsonMapper json;

    @Autowired
    WsTestClient ws;

    @Autowired
    ChatService chatService;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : opened) {
            client.close();
        }
        opened.clear();
    }

    /** A room name no other test uses. */
    static String newRoom() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A raw connection to a path of the engine's own port (already URI-encoded). */
    WsTestSession connect(String path) {
        WsTestSession client = ws.connect(path);
        opened.add(client);
        return client;
    }

    /** A chat connection to the room on the engine's own port, not joined yet. */
    ChatClient chat(String room) {
        return new ChatClient(connect("/chat/" + room), json);
    }

    /** A chat connection to the room on the web app's port, where the page connects, not joined yet. */
    ChatClient chatOnWebPort(String room) {
        WsTestSession client = ws.connect("/chat/" + room, options -> options.port(webPort));
        opened.add(client);
        return new ChatClient(client, json);
    }

    /** A chat connection to the room that has joined as this nickname. */
    ChatClient joined(String room, String nickname) {
        ChatClient client = chat(room);
        client.join(nickname);
        return client;
    }

    /** GET from the web server; the body as JSON. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
