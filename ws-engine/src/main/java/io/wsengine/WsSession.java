package io.wsengine;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One WebSocket connection. Every method may be called from any thread. Sends are written in the
 * order they were made; each returns a future completed once its frame is written to the socket, or
 * failed with {@link WsSessionClosedException} if the session closes first, or with
 * {@link OutboundLimitExceededException} if the outbound buffer is full (the session then closes with
 * {@code 1008}). Futures complete on the event loop thread: do not block in their callbacks.
 */
public interface WsSession {

    /** A unique id, stable for the session's life. */
    String id();

    CompletableFuture<Void> sendText(CharSequence text);

    /** Sends the buffer's remaining bytes; the buffer must not be changed until the future completes. */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    default CompletableFuture<Void> sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data));
    }

    /** Sends a message encoded once for many receivers (see {@link PreparedMessage}). */
    CompletableFuture<Void> send(PreparedMessage message);

    /**
     * Sends a ping with at most 125 bytes of payload; the peer's pong reaches
     * {@link WsHandler#onPong}.
     */
    CompletableFuture<Void> ping(ByteBuffer payload);

    /** Starts the close handshake with {@code 1000}. */
    default CompletableFuture<Void> close() {
        return close(CloseStatus.NORMAL);
    }

    /**
     * Starts the close handshake: nothing sent after this is written. Calling it again does nothing.
     *
     * @return completed when the close frame is written
     * @throws IllegalArgumentException if the status may not be sent (see {@link CloseStatus#requireSendable()})
     */
    CompletableFuture<Void> close(CloseStatus status);

    /** True until a close frame has been sent or received, or the connection has dropped. */
    boolean isOpen();

    /** Attributes for the application, seeded by handshake interceptors; safe for concurrent use. */
    Map<String, Object> attributes();

    /** The decoded values of the route's path variables, such as {@code room} of {@code /chat/{room}}. */
    Map<String, String> pathParams();

    /**
     * The opening handshake request, for the session's whole life. Its parts are read from the request
     * head each time they are asked for; keep what you need rather than asking per message.
     */
    HandshakeRequest handshake();

    /** The negotiated subprotocol, or null when none was. */
    String subprotocol();

    InetSocketAddress remoteAddress();

    /** Bytes accepted by the send methods and not yet written to the socket. */
    long bufferedAmount();

    /**
     * Adds the session to a named group (see {@link WsServer#group(String)}); it leaves every group
     * by itself when it closes.
     *
     * @return false if the session was already in the group or is closed
     */
    boolean join(String group);

    /** @return false if the session was not in the group */
    boolean leave(String group);

    /** The groups the session is in. */
    Set<String> groups();

    /**
     * Stops reading from the socket until {@link #resumeReading()}: flow control for applications
     * that process messages asynchronously and want the peer to slow down (TCP then pushes back on
     * it). Messages already read may still arrive. Safe from any thread.
     */
    void pauseReading();

    /** Reads from the socket again after {@link #pauseReading()}. */
    void resumeReading();

    /**
     * The event loop that owns this session, the thread its handler is called on, as an executor.
     * A task submitted from that thread runs once the loop has handled every socket that was ready in
     * its current turn: a handler can gather work over all the messages of one turn and hand it on
     * once. From any other thread, the task runs soon. Tasks run in submission order and must not block.
     */
    Executor eventLoop();
}
