package io.wsengine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = "ws.server.port=0")
class StarterSmokeTest {

    record Greeting(String name) {
    }

    record Reply(String text, String room) {
    }

    @SpringBootApplication
    static class App {
        @WsEndpoint("/chat/{room}")
        static class Chat {
            @OnTextMessage
            Reply text(Greeting greeting, @PathParam("room") String room, WsSession session) {
                return new Reply("hello " + greeting.name(), room);
            }
        }
    }

    @LocalWsServerPort
    int port;

    @Test
    void decodesJsonAndRepliesWithJson() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat/lobby"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"name\":\"ada\"}", true);
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("{\"text\":\"hello ada\",\"room\":\"lobby\"}");
        ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    }
}
