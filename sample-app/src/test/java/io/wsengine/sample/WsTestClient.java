package io.wsengine.sample;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's {@link WebSocket} as a test client: whole messages (parts joined) go into a queue, a
 * {@code String} for text and a {@code byte[]} for binary; the close frame into a future. Every wait
 * is bounded and fails saying what did not arrive.
 */
final class WsTestClient implements AutoCloseable {
    /** Generous: the machine may be loaded. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Collector collector;
    private final WebSocket webSocket;

    private WsTestClient(Collector collector, WebSocket webSocket) {
        this.collector = collector;
        this.webSocket = webSocket;
    }

    /** Connects to {@code ws://127.0.0.1:<port><path>}; {@code path} is already URI-encoded. */
    static WsTestClient connect(int port, String path) {
        URI uri = URI.create("ws://127.0.0.1:" + port + path);
        Collector collector = new Collector();
        WebSocket webSocket = await(HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, collector), "the opening handshake with " + uri);
        return new WsTestClient(collector, webSocket);
    }

    void sendText(CharSequence text) {
        await(webSocket.sendText(text, true), "sending text");
    }

    void sendBinary(byte[] data) {
        await(webSocket.sendBinary(ByteBuffer.wrap(data), true), "sending binary");
    }

    /** Starts the close handshake; the server's reply completes {@link #awaitCloseCode()}. */
    void sendClose() {
        await(webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"), "sending a close frame");
    }

    /** The next whole text message. */
    String awaitText() {
        Object message = poll();
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got " + ((byte[]) message).length + " binary bytes");
        }
        return text;
    }

    /** The next whole binary message. */
    byte[] awaitBinary() {
        Object message = poll();
        if (!(message instanceof byte[] data)) {
            throw new AssertionError("expected a binary message, got text: " + message);
        }
        return data;
    }

    /** The status code of the close frame the server sent. */
    int awaitCloseCode() {
        return awaitClose().code();
    }

    /** The close frame the server sent: its code and reason. */
    CloseFrame awaitClose() {
        return await(collector.close, "a close frame");
    }

    record CloseFrame(int code, String reason) {
    }

    /** True while neither side has closed (as far as this client knows). */
    boolean isOpen() {
        return !webSocket.isInputClosed() && !webSocket.isOutputClosed();
    }

    /** Ends the connection without a close handshake, as a dropped network would. */
    void abort() {
        webSocket.abort();
    }

    /** Closes politely when still open, then releases the connection. */
    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            try {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
                collector.close.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // cleanup only: abort below
            }
        }
        webSocket.abort();
    }

    private Object poll() {
        try {
            Object message = collector.messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + TIMEOUT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }

    static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + TIMEOUT);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseFrame> close = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
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
                messages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close.complete(new CloseFrame(statusCode, reason));
            return null; // the JDK then replies with the same code
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close.completeExceptionally(error);
        }
    }
}
