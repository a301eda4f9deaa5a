package io.wsengine.spring.security.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Upgrades with the JDK's client, with headers and subprotocols; every wait bounded. */
final class Upgrades {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Upgrades() {
    }

    /** Starts an upgrade to {@code ws://127.0.0.1:port} plus a path and query. */
    static CompletableFuture<WebSocket> attempt(int port, String pathAndQuery, Map<String, String> headers,
                                                String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), new WebSocket.Listener() {
        });
    }

    /** Opens a WebSocket; fails the test if refused. */
    static WebSocket open(int port, String pathAndQuery, Map<String, String> headers, String... subprotocols) {
        return opened(attempt(port, pathAndQuery, headers, subprotocols));
    }

    /** The WebSocket an attempt opened; fails the test if refused. */
    static WebSocket opened(CompletableFuture<WebSocket> attempt) {
        try {
            return attempt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new AssertionError("upgrade refused " + refused.getResponse().statusCode() + ": "
                        + refused.getResponse().body(), e);
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT, e);
        }
    }

    /** The response to an upgrade that must be refused. */
    static HttpResponse<?> refusal(int port, String pathAndQuery, Map<String, String> headers, String... subprotocols) {
        return refused(attempt(port, pathAndQuery, headers, subprotocols));
    }

    /** The response to an attempt that must have been refused. */
    static HttpResponse<?> refused(CompletableFuture<WebSocket> attempt) {
        try {
            WebSocket accepted = attempt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            accepted.abort();
            throw new AssertionError("expected the upgrade to be refused, but it was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw new AssertionError("expected a refused upgrade, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT, e);
        }
    }

    /** {@return the bearer header of a token} */
    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
