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
 * awaited and what came instead. Close it (try-with-resources) to end the session politely. Meant
 * for the test's thread: messages are collected as they arrive, and each await takes the oldest
 * one not yet taken.
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

    /**
     * The same session, awaiting for this long.
     *
     * @param timeout positive
     * @return a view of the same connection and messages with this timeout; this one keeps its own
     * @throws IllegalArgumentException if null, zero or negative
     */
    public WsTestSession withTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return new WsTestSession(uri, webSocket, collector, json, timeout);
    }

    /** {@return the URI connected to, such as {@code ws://127.0.0.1:8090/chat/lobby}} */
    public URI uri() {
        return uri;
    }

    /** {@return the subprotocol the server chose, or {@code ""} when none} */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** {@return how long each send and await of this session may take} */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends a text message and waits until the client has sent it.
     *
     * @param text the message
     * @return this session
     * @throws AssertionError if the send fails or does not finish within the timeout
     */
    public WsTestSession sendText(CharSequence text) {
        await(webSocket.sendText(text, true), timeout, "sending text to " + uri);
        return this;
    }

    /**
     * Sends the value as JSON text, written with the application's mapper, as {@link #sendText} does.
     *
     * @param value the value to write
     * @return this session
     * @throws AssertionError        if the send fails or does not finish within the timeout
     * @throws IllegalStateException if there is no JSON mapper (no Jackson 3 and no {@link WsTestJson}
     *                               bean)
     */
    public WsTestSession sendJson(Object value) {
        return sendText(json().write(value));
    }

    /**
     * Sends a binary message and waits until the client has sent it.
     *
     * @param data the message
     * @return this session
     * @throws AssertionError if the send fails or does not finish within the timeout
     */
    public WsTestSession sendBinary(byte[] data) {
        await(webSocket.sendBinary(ByteBuffer.wrap(data), true), timeout, "sending binary to " + uri);
        return this;
    }

    /**
     * Starts the close handshake; {@link #awaitClose()} then gives the server's answer. Messages can
     * no longer be sent, but those the server sends before its close frame can still be awaited.
     *
     * @param code   the close code: 1000, 1001, 1008, 1011 or 3000-4999 (the JDK's client refuses
     *               the others)
     * @param reason the reason, at most 123 UTF-8 bytes; {@code ""} for none
     * @return this session
     * @throws AssertionError if the JDK's client refuses the code or reason, or the close frame is not
     *                        sent within the timeout
     */
    public WsTestSession sendClose(int code, String reason) {
        await(webSocket.sendClose(code, reason), timeout, "sending a close frame to " + uri);
        return this;
    }

    /**
     * Awaits the next message, which must be text.
     *
     * @return the message
     * @throws AssertionError if the next message is binary, if the server closes before one comes,
     *                        or if none comes within the timeout
     */
    public String awaitText() {
        Object message = next("text message");
        if (message instanceof String text) {
            return text;
        }
        throw new AssertionError("expected a text message from " + uri + ", got " + describe(message));
    }

    /**
     * Awaits the next message, which must be text holding JSON of this type, read with the
     * application's mapper.
     *
     * @param <T>  the type to read
     * @param type the class to read into
     * @return the value read
     * @throws AssertionError        as {@link #awaitText()} throws, or if the text is not JSON of the type
     * @throws IllegalStateException if there is no JSON mapper
     */
    public <T> T awaitJson(Class<T> type) {
        String text = awaitText();
        try {
            return json().read(text, type);
        } catch (RuntimeException e) {
            throw new AssertionError("the text message from " + uri + " is not JSON of " + type.getSimpleName()
                    + ": " + abbreviate(text), e);
        }
    }

    /**
     * Awaits the next message, which must be binary.
     *
     * @return the message's bytes
     * @throws AssertionError if the next message is text, if the server closes before one comes, or
     *                        if none comes within the timeout
     */
    public byte[] awaitBinary() {
        Object message = next("binary message");
        if (message instanceof byte[] data) {
            return data;
        }
        throw new AssertionError("expected a binary message from " + uri + ", got " + describe(message));
    }

    /**
     * Awaits the server's close frame, whatever messages are still pending.
     *
     * @return its code and reason ({@code 1006} if the connection ended without one)
     * @throws AssertionError if the server does not close within the timeout
     */
    public CloseStatus awaitClose() {
        return await(collector.closed, timeout, "the close of " + uri);
    }

    /** {@return the number of messages received and not yet awaited} */
    public int pendingMessages() {
        return collector.messages.size();
    }

    /** {@return whether the server has closed its side (a close frame or the connection's end)} */
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
