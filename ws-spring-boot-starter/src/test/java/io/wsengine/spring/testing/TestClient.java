package io.wsengine.spring.testing;

import io.wsengine.testing.ClientSafety;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client for tests, on the JDK's {@link java.net.http.WebSocket}: collects whole text and
 * binary messages and the close into queues and futures; every wait is bounded by {@link #TIMEOUT}.
 */
public final class TestClient implements AutoCloseable {
    /** Bound of every wait: generous, for a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A close frame as the client received it. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket webSocket;

    private TestClient(URI uri, Map<String, String> headers, String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        this.webSocket = join(builder.buildAsync(uri, new Collector()));
    }

    /** Connects to {@code ws://127.0.0.1:port} plus a path with an optional query; fails if refused. */
    public static TestClient connect(int port, String pathAndQuery) {
        return connect(port, pathAndQuery, Map.of());
    }

    public static TestClient connect(int port, String pathAndQuery, Map<String, String> headers) {
        return new TestClient(uri(port, pathAndQuery), headers);
    }

    /** Connects offering these subprotocols, in this order of preference. */
    public static TestClient connectOffering(int port, String pathAndQuery, String... subprotocols) {
        return new TestClient(uri(port, pathAndQuery), Map.of(), subprotocols);
    }

    /** The subprotocol the server chose; empty when it chose none. */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /**
     * Tries to connect, expecting the server to refuse the upgrade.
     *
     * @return the server's HTTP response to the upgrade request
     * @throws AssertionError if the handshake succeeds or fails otherwise
     */
    public static HttpResponse<?> refusal(int port, String pathAndQuery, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        CompletableFuture<WebSocket> attempt = builder.buildAsync(uri(port, pathAndQuery), new WebSocket.Listener() {
        });
        try {
            WebSocket accepted = attempt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            accepted.abort();
            throw new AssertionError("expected the upgrade to " + pathAndQuery + " to be refused, but it was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                ClientSafety.check("refusal's body", String.valueOf(refused.getResponse().body()));
                return refused.getResponse();
            }
            throw new AssertionError("expected a refused handshake, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer to the upgrade request within " + TIMEOUT, e);
        }
    }

    private static URI uri(int port, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    /** Sends a text message and waits until the client has written it. */
    public synchronized TestClient send(String text) {
        join(webSocket.sendText(text, true));
        return this;
    }

    /** Sends a binary message and waits until the client has written it. */
    public synchronized TestClient send(byte[] data) {
        join(webSocket.sendBinary(ByteBuffer.wrap(data), true));
        return this;
    }

    /** The next whole text message; fails after {@link #TIMEOUT}. */
    public String nextText() {
        return poll(texts, "text message");
    }

    /** The next whole binary message; fails after {@link #TIMEOUT}. */
    public byte[] nextBinary() {
        return poll(binaries, "binary message");
    }

    /** Text messages received and not yet taken. */
    public BlockingQueue<String> texts() {
        return texts;
    }

    /** The close frame the server sent; fails after {@link #TIMEOUT}. */
    public Close awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT
                    + "; text messages received meanwhile: " + texts, e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts the close handshake with 1000 and waits for the server's answer. */
    public Close closeNormally() {
        return close(WebSocket.NORMAL_CLOSURE, "");
    }

    /** Starts the close handshake with this code and reason and waits for the server's answer. */
    public Close close(int code, String reason) {
        synchronized (this) {
            join(webSocket.sendClose(code, reason));
        }
        return awaitClose();
    }

    /** Ends the connection, politely if it is still open. */
    @Override
    public void close() {
        if (!closed.isDone() && !webSocket.isOutputClosed()) {
            try {
                synchronized (this) {
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the connection goes anyway
            }
        }
        webSocket.abort();
    }

    private <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null) {
                throw new AssertionError("no " + what + " within " + TIMEOUT
                        + (closed.isDone() ? "; the connection is closed: " + closed.getNow(null) : ""));
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("not done within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Reassembles messages delivered in parts, and asks for one more each time. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                texts.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                binaries.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            try {
                ClientSafety.check("close reason", reason);
            } catch (AssertionError unsafe) {
                closed.completeExceptionally(unsafe); // thrown here, the JDK would swallow it
                return null;
            }
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
