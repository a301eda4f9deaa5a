package io.wsengine.readme.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsHandler;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's "Using the engine directly" snippet, run against the JDK's WebSocket client. */
class EngineSnippetTest {

    @Test
    void welcomesThenEchoes() throws Exception {
        // tag::engine-start[]
        WsServer server = new WsServer(WsServerConfig.builder()
                .port(0)                           // any free port; server.port() tells which
                .route("/chat/{room}", new WsHandler() {
                    @Override
                    public void onOpen(WsSession session) {
                        session.sendText("welcome to " + session.pathParams().get("room"));
                    }

                    @Override
                    public void onText(WsSession session, String text) {
                        session.sendText(text);    // returns a CompletableFuture, completed once written
                    }
                })
                .build())
                .start();
        // end::engine-start[]
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat/lobby"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString()); // the server's messages here are one frame each
                            webSocket.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("welcome to lobby");

            client.sendText("hi", true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hi");
            client.abort();
        } finally {
            // tag::engine-stop[]
            server.stop(Duration.ofSeconds(5));    // 1001 to every session, waits for the close handshakes
            // end::engine-stop[]
        }
    }
}
