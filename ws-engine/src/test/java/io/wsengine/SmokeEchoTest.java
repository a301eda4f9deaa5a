package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmokeEchoTest {
    @Test
    void echoesText() throws Exception {
        WsServer server = new WsServer(WsServerConfig.builder().bindAddress("127.0.0.1")
                .route("/echo", new EchoServer.EchoHandler()).build()).start();
        try {
            CompletableFuture<String> received = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WebSocket.Listener() {
                        StringBuilder sb = new StringBuilder();
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            sb.append(data);
                            if (last) received.complete(sb.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("héllo", true);
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("héllo");
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }
}
