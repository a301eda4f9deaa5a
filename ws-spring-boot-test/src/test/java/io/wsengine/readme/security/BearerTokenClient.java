package io.wsengine.readme.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

/** A Java client that sends its token in Authorization. */
final class BearerTokenClient {
    private BearerTokenClient() {
    }

    static WebSocket connect(String accessToken, WebSocket.Listener listener) {
        // tag::bearer-token-client[]
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + accessToken)
                .buildAsync(URI.create("ws://localhost:8090/chat/lobby"), listener)
                .join();                            // fails with WebSocketHandshakeException (401) when refused
        // end::bearer-token-client[]
        return ws;
    }
}
