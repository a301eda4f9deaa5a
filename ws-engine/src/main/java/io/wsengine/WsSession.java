package io.wsengine;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLSession;

/**
 * One WebSocket connection. Every method may be called from any thread. Sends never block: they
 * queue the frame, and are written in the order they were made. Each returns a future completed
 * once its frame is written to the socket (handed to the operating system, not yet read by the
 * peer), or failed:
 * <ul>
 * <li>with {@link WsSessionClosedException} if the session is closing or closed, or closes before
 * the frame is written;</li>
 * <li>when the send would take the outbound buffer past its limit
 * ({@link WsServerConfig.Builder#maxOutboundBuffer}), as the {@link OverflowPolicy} (the route's,
 * else the server's) says:
 * with {@link OutboundLimitExceededException} under {@code CLOSE}, and under {@code PAUSE_READING}
 * past twice the limit (the session then closes with {@code 1008}); with
 * {@link MessageDroppedException} under {@code DROP}.</li>
 * </ul>
 * Futures complete on the event loop thread, except those failed at once (session closed, message
 * dropped, buffer full), which are already complete when returned, so that their callbacks run on
 * the calling thread. Either way, do not block in their callbacks.
 */
public interface WsSession {

    /**
     * {@return the session's id: a hexadecimal number, unique among the sessions of its server and
     * stable for the session's life}
     */
    String id();

    /**
     * Sends a text message in one frame.
     *
     * @param text the message; encoded as UTF-8 at once (an unpaired surrogate becomes {@code ?}), so
     *             it may change after the call
     * @return completed once the frame is written; see the class description for its failures
     */
    CompletableFuture<Void> sendText(CharSequence text);

    /**
     * Sends the buffer's remaining bytes as a binary message in one frame.
     *
     * @param data the payload; its position is not moved, and its bytes must not be changed until
     *             the future completes (a large payload is written from the buffer itself)
     * @return completed once the frame is written; see the class description for its failures
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a binary message in one frame.
     *
     * @param data the payload; must not be changed until the future completes
     * @return completed once the frame is written; see the class description for its failures
     */
    default CompletableFuture<Void> sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data));
    }

    /**
     * Sends a message encoded once for many receivers (see {@link PreparedMessage}).
     *
     * @param message the encoded message; shared, not copied
     * @return completed once the frame is written; see the class description for its failures
     */
    CompletableFuture<Void> send(PreparedMessage message);

    /**
     * Sends a ping with at most 125 bytes of payload; the peer's pong reaches
     * {@link WsHandler#onPong}. A ping is never refused for a full outbound buffer.
     *
     * @param payload the application data, copied at once; its position is not moved
     * @return completed once the ping is written; failed with {@link WsSessionClosedException} if the
     *         session is closing or closed, or closes first
     * @throws IllegalArgumentException if the payload has more than 125 bytes remaining
     */
    CompletableFuture<Void> ping(ByteBuffer payload);

    /**
     * Starts the close handshake with {@code 1000}, as {@link #close(CloseStatus)} does.
     *
     * @return as {@link #close(CloseStatus)} returns
     */
    default CompletableFuture<Void> close() {
        return close(CloseStatus.NORMAL);
    }

    /**
     * Starts the close handshake: the close frame is queued after what was sent before, and nothing
     * sent after this is written. The peer then has the server's close timeout to answer with its
     * close frame before the connection is closed. Calling it again, or once the session is closing,
     * does nothing.
     *
     * @param status the code and reason to send
     * @return completed when the close frame is written, failed with
     *         {@link WsSessionClosedException} if the connection ends first; when a close frame was
     *         already queued (by an earlier call, the engine or a limit), that frame's future, and
     *         when the connection has already ended without one, a completed future
     * @throws IllegalArgumentException if the status may not be sent (see {@link CloseStatus#requireSendable()})
     */
    CompletableFuture<Void> close(CloseStatus status);

    /**
     * Whether sends are still taken. True until the session queues its close frame (by
     * {@link #close(CloseStatus)}, by the engine for a failed handler, a limit, a timeout or the
     * server's stop, or in answer to the peer's close frame) or the connection drops. While the
     * replies of {@link WsHandler#onClosing} are awaited it is still true, so that they go out.
     *
     * @return true while the session is open
     */
    boolean isOpen();

    /**
     * {@return attributes for the application, seeded by handshake interceptors: a modifiable map,
     * safe for concurrent use, that takes no null keys or values}
     */
    Map<String, Object> attributes();

    /**
     * {@return the decoded values of the route's path variables, such as {@code room} of
     * {@code /chat/{room}}; unmodifiable, empty when the template has none}
     */
    Map<String, String> pathParams();

    /**
     * The opening handshake request, for the session's whole life. Its parts are read from the request
     * head each time they are asked for; keep what you need rather than asking per message. It no longer
     * shows the credentials the request carried (by default the {@code Authorization} and
     * {@code Proxy-Authorization} headers: see {@link WsServerConfig.Builder#hideHeaders}), which only
     * interceptors see.
     *
     * @return a new view of the upgrade request
     */
    HandshakeRequest handshake();

    /** {@return the negotiated subprotocol, or null when none was} */
    String subprotocol();

    /**
     * {@return the extensions agreed in the handshake, as the server's {@code Sec-WebSocket-Extensions}
     * response header named them, such as {@code permessage-deflate; server_no_context_takeover}; empty
     * when none were (see {@link WsServerConfig.Builder#compression})}
     */
    default String extensions() {
        return "";
    }

    /** {@return the path template of the route the session was accepted on, such as {@code /chat/{room}}} */
    String routePath();

    /**
     * {@return who connected, as a handshake interceptor named them ({@link
     * HandshakeResult#withPrincipal}); empty for an anonymous session}
     */
    Optional<Principal> principal();

    /**
     * {@return the address of the TCP peer: the client, or the last proxy in front of the server
     * (forwarding headers are not read)}
     */
    InetSocketAddress remoteAddress();

    /**
     * {@return the local address the client connected to: the server's address and port, such as the
     * engine's own port; an address of the machine's, not a wildcard}
     */
    InetSocketAddress localAddress();

    /**
     * {@return the TLS session of a {@code wss://} connection (its protocol, cipher suite and the
     * client's certificates, when it sent some); empty over plain {@code ws://}}
     */
    default Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    /**
     * {@return the certificate chain the client presented in the TLS handshake, its own first, as
     * verified by the server's trust managers; empty over plain {@code ws://} or when it sent none
     * (see {@link TlsConfig.Builder#clientAuth})}
     */
    default List<X509Certificate> clientCertificates() {
        return TlsConfig.peerCertificates(tlsSession());
    }

    /**
     * {@return the bytes accepted by the send methods (control frames included) and not yet written to
     * the socket: what {@link WsServerConfig.Builder#maxOutboundBuffer} limits}
     */
    long bufferedAmount();

    /**
     * Adds the session to a named group (see {@link WsServer#group(String)}); it leaves every group
     * by itself when it closes.
     *
     * @param group the group's name, any string but null
     * @return true if it joined; false if the session was already in the group or is closed
     */
    boolean join(String group);

    /**
     * Removes the session from a named group.
     *
     * @param group the group's name
     * @return true if it left; false if the session was not in the group
     */
    boolean leave(String group);

    /** {@return the groups the session is in: a live, read-only view, empty once the session has closed} */
    Set<String> groups();

    /**
     * A stage completed once the session has ended, after {@link WsHandler#onClose} has returned, with
     * the status that {@code onClose} got: for code that keeps something per session outside the
     * handler (presence, say) and must let go of it whoever closed the session. It completes on the
     * session's event loop; once the session has ended it is complete already, and what depends on it
     * runs on the calling thread. Either way, do not block in it. It never completes exceptionally.
     *
     * @return a stage that callers cannot complete themselves
     */
    CompletionStage<CloseStatus> whenClosed();

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
     *
     * @return the session's event loop
     */
    Executor eventLoop();
}
