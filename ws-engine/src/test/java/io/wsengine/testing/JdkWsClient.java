package io.wsengine.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A well-behaved client, the JDK's {@link java.net.http.WebSocket}, that collects what it receives
 * into queues: whole messages (parts joined), pings, pongs, and the close. Every await is bounded
 * and fails with a message saying what did not arrive.
 */
public final class JdkWsClient implements AutoCloseable {
    /** Generous: the machine may be loaded. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One client for all tests: each HttpClient has its own selector thread. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** A close frame as the client received it. */
    public record Close(int code, String reason) {
    }

    private final Collector collector;
    private final WebSocket webSocket;

    private JdkWsClient(Collector collector, WebSocket webSocket) {
        this.collector = collector;
        this.webSocket = webSocket;
    }

    /** Connects to {@code ws://127.0.0.1:port/path}; {@code path} may hold an encoded query. */
    public static JdkWsClient connect(int port, String path) {
        return connect(URI.create("ws://127.0.0.1:" + port + path), Map.of());
    }

    /** Connects offering these subprotocols, in this order. */
    public static JdkWsClient connectOffering(int port, String path, String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            builder.subprotocols(subprotocols[0], rest);
        }
        return open(builder, URI.create("ws://127.0.0.1:" + port + path));
    }

    public static JdkWsClient connect(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return open(builder, uri);
    }

    /** Clients for {@code wss://}, one per TLS context: a context is fixed when an HttpClient is built. */
    private static final Map<SSLContext, HttpClient> TLS_CLIENTS = new ConcurrentHashMap<>();

    /** Connects to {@code wss://localhost:port/path}, trusting what {@code tls} trusts. */
    public static JdkWsClient connectTls(int port, String path, SSLContext tls) {
        return open(tlsClient(tls).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)),
                URI.create("wss://localhost:" + port + path));
    }

    /** Starts a {@code wss://} handshake and returns its future: for tests of refusals. */
    public static CompletableFuture<WebSocket> attemptTls(int port, String path, SSLContext tls) {
        return tlsClient(tls).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("wss://localhost:" + port + path), new Collector());
    }

    private static HttpClient tlsClient(SSLContext tls) {
        return TLS_CLIENTS.computeIfAbsent(tls, context -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(context)
                .build());
    }

    /** Starts the handshake and returns its future: for tests of refusals. */
    public static CompletableFuture<WebSocket> attempt(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, new Collector());
    }

    private static JdkWsClient open(WebSocket.Builder builder, URI uri) {
        Collector collector = new Collector();
        WebSocket webSocket = await(builder.buildAsync(uri, collector), "the opening handshake with " + uri);
        return new JdkWsClient(collector, webSocket);
    }

    public WebSocket webSocket() {
        return webSocket;
    }

    // ---- sending: each waits until the JDK has written the frame

    public JdkWsClient sendText(CharSequence text) {
        return sendText(text, true);
    }

    public JdkWsClient sendText(CharSequence part, boolean last) {
        await(webSocket.sendText(part, last), "sending text");
        return this;
    }

    public JdkWsClient sendBinary(byte[] data) {
        return sendBinary(data, true);
    }

    public JdkWsClient sendBinary(byte[] part, boolean last) {
        await(webSocket.sendBinary(ByteBuffer.wrap(part), last), "sending binary");
        return this;
    }

    public JdkWsClient sendPing(byte[] payload) {
        await(webSocket.sendPing(ByteBuffer.wrap(payload)), "sending a ping");
        return this;
    }

    public JdkWsClient sendClose(int code, String reason) {
        await(webSocket.sendClose(code, reason), "sending a close frame");
        return this;
    }

    // ---- receiving

    /** The next whole text message. */
    public String awaitText() {
        Object message = poll(collector.messages, "a text message");
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got binary of " + ((byte[]) message).length + " bytes");
        }
        return text;
    }

    /** The next whole binary message. */
    public byte[] awaitBinary() {
        Object message = poll(collector.messages, "a binary message");
        if (!(message instanceof byte[] data)) {
            throw new AssertionError("expected a binary message, got text: " + abbreviate((String) message));
        }
        return data;
    }

    /** The next whole message: a {@code String} for text, a {@code byte[]} for binary. */
    public Object awaitAny() {
        return poll(collector.messages, "a message");
    }

    /** The payload of the next ping the server sent. */
    public byte[] awaitPing() {
        return poll(collector.pings, "a ping");
    }

    /** The payload of the next pong the server sent. */
    public byte[] awaitPong() {
        return poll(collector.pongs, "a pong");
    }

    /** The server's close frame (or, after {@link #sendClose}, its reply). */
    public Close awaitClose() {
        return await(collector.closed, "a close frame");
    }

    /** Completes with the close, or exceptionally with the error that ended the connection. */
    public CompletableFuture<Close> closed() {
        return collector.closed;
    }

    /** Messages received and not yet taken. */
    public int pendingMessages() {
        return collector.messages.size();
    }

    /** Ends the connection without a close handshake unless one has already finished. */
    @Override
    public void close() {
        webSocket.abort();
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no " + what + " within " + TIMEOUT);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Waits, bounded, for a future; fails with what was awaited. */
    public static <T> T await(CompletionStage<T> stage, String what) {
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

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " chars)";
    }

    /** Joins message parts and queues what arrives; asks for one more event after each. */
    private static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Close> closed = new CompletableFuture<>();
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
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.add(bytes(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(bytes(message));
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
            return null; // the JDK then replies with the same code, if it has not sent a close yet
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
