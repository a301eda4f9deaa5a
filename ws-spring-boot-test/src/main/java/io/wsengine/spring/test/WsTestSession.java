package io.wsengine.spring.test;

import io.wsengine.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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
 * One client session of a test: sends text, JSON and binary, and awaits what the server sends, each
 * wait bounded by the session's timeout. Failures are {@link AssertionError}s that name what was
 * awaited and what came instead. Close it (try-with-resources) to end the session politely.
 */
public final class WsTestSession implements AutoCloseable {
    private final URI uri;
    private final WebSocket webSocket;
    private final Collector collector;
    private final WsTestJson json;
    private final Duration timeout;

    private WsTestSession(URI uri, WebSocket webSocket, Collector collector, WsTestJson json, Duration timeout) {
        this.uri = uri;
        this.webSocket = webSocket;
        this.collector = collector;
        this.json = json;
        this.timeout = timeout;
    }

    static WsTestSession open(URI uri, WebSocket.Builder builder, WsTestJson json, Duration timeout) {
        Collector collector = new Collector();
        WebSocket webSocket = await(builder.buildAsync(uri, collector), timeout, "the opening handshake with " + uri);
        return new WsTestSession(uri, webSocket, collector, json, timeout);
    }

    /** The same session, awaiting for this long from now on. */
    public WsTestSession withTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return new WsTestSession(uri, webSocket, collector, json, timeout);
    }

    public URI uri() {
        return uri;
    }

    /** The subprotocol the server chose, or "" when none. */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    public Duration timeout() {
        return timeout;
    }

    public WsTestSession sendText(CharSequence text) {
        await(webSocket.sendText(text, true), timeout, "sending text to " + uri);
        return this;
    }

    /** Sends the value as JSON text, written with the application's mapper. */
    public WsTestSession sendJson(Object value) {
        return sendText(json().write(value));
    }

    public WsTestSession sendBinary(byte[] data) {
        await(webSocket.sendBinary(ByteBuffer.wrap(data), true), timeout, "sending binary to " + uri);
        return this;
    }

    /** Starts the close handshake; {@link #awaitClose()} then gives the server's answer. */
    public WsTestSession sendClose(int code, String reason) {
        await(webSocket.sendClose(code, reason), timeout, "sending a close frame to " + uri);
        return this;
    }

    /** The next message, which must be text. */
    public String awaitText() {
        Object message = next("text message");
        if (message instanceof String text) {
            return text;
        }
        throw new AssertionError("expected a text message from " + uri + ", got " + describe(message));
    }

    /** The next message, which must be text holding JSON of this type, read with the application's mapper. */
    public <T> T awaitJson(Class<T> type) {
        String text = awaitText();
        try {
            return json().read(text, type);
        } catch (RuntimeException e) {
            throw new AssertionError("the text message from " + uri + " is not JSON of " + type.getSimpleName()
                    + ": " + abbreviate(text), e);
        }
    }

    /** The next message, which must be binary. */
    public byte[] awaitBinary() {
        Object message = next("binary message");
        if (message instanceof byte[] data) {
            return data;
        }
        throw new AssertionError("expected a binary message from " + uri + ", got " + describe(message));
    }

    /** The server's close frame: its code and reason ({@code 1006} if the connection ended without one). */
    public CloseStatus awaitClose() {
        return await(collector.closed, timeout, "the close of " + uri);
    }

    /** Messages received and not yet awaited. */
    public int pendingMessages() {
        return collector.messages.size();
    }

    /** Whether the server has closed its side (a close frame or the connection's end). */
    public boolean isClosedByServer() {
        return collector.closed.isDone();
    }

    /** Ends the connection at once, without a close handshake, as a dropped network would. */
    public void abort() {
        webSocket.abort();
    }

    /** Ends the session: a close handshake when still open (bounded by the timeout), then the connection. */
    @Override
    public void close() {
        try {
            if (!webSocket.isOutputClosed()) {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                collector.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            // the server is gone or slow: the abort below ends it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            webSocket.abort();
        }
    }

    @Override
    public String toString() {
        return "WsTestSession[" + uri + "]";
    }

    private WsTestJson json() {
        if (json == null) {
            throw new IllegalStateException("JSON needs Jackson 3 (tools.jackson.databind.json.JsonMapper) on the"
                    + " classpath, or a WsTestJson bean");
        }
        return json;
    }

    private Object next(String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Object message = collector.messages.poll(Math.min(50, Math.max(1,
                        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (collector.closed.isDone() && collector.messages.isEmpty()) {
                    throw new AssertionError("the server closed " + uri + " (" + collector.closed.join()
                            + ") before a " + what + " came");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("no " + what + " from " + uri + " within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while awaiting " + what + " from " + uri, e);
        }
    }

    private static String describe(Object message) {
        return message instanceof byte[] data ? "a binary message of " + data.length + " bytes"
                : "a text message: " + abbreviate((String) message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    private static <T> T await(CompletionStage<T> stage, Duration timeout, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " awaiting " + what);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while awaiting " + what, e);
        }
    }

    /** Joins fragments into whole messages and records the close. */
    private static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

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
            closed.complete(new CloseStatus(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(CloseStatus.ABNORMAL_CLOSURE.withReason(String.valueOf(error.getMessage())));
        }
    }
}
