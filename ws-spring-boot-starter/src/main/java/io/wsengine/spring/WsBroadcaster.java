package io.wsengine.spring;

import io.wsengine.PreparedMessage;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.spring.cluster.ClusterMessage;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsRecovery;
import io.wsengine.spring.support.JsonCodec;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Sends a message to many sessions at once: every open session of an endpoint, every session in
 * a named group ({@link WsSession#join(String)}), or every open session of a user (whose
 * {@link WsSession#principal()} has that name). The message is encoded once, whatever the number of
 * receivers: a {@code String} as text, {@code byte[]}/{@code ByteBuffer} as binary, anything else as
 * JSON text. Sending never blocks: a receiver that is closed or over its outbound limit fails alone,
 * and the others get the message.
 *
 * <p>With a cluster bus ({@code ws.cluster.redis.enabled}), {@link #broadcast}, {@link #publish} and
 * {@link #sendToUser} also hand the message, encoded once, to the bus, and every other node delivers
 * it to its own matching sessions; their return values still count this node's sessions only. The
 * views ({@link #sessions}, {@link #group}, {@link #userSessions}, {@link #groups}) are this node's.
 */
public class WsBroadcaster {
    private final WsServerLifecycle lifecycle;
    private final JsonCodec json;
    private final WsClusterBus bus;

    /**
     * Creates the broadcaster; the auto-configuration defines one as a bean.
     *
     * @param lifecycle the server's lifecycle, asked for the running server at each call
     * @param json      null when no JSON mapper is available (objects then cannot be sent)
     */
    public WsBroadcaster(WsServerLifecycle lifecycle, JsonCodec json) {
        this(lifecycle, json, null);
    }

    /**
     * Creates the broadcaster of a node in a cluster: it receives the other nodes' messages from the
     * bus too.
     *
     * @param lifecycle the server's lifecycle, asked for the running server at each call
     * @param json      null when no JSON mapper is available (objects then cannot be sent)
     * @param bus       the cluster bus; null for a single node
     */
    public WsBroadcaster(WsServerLifecycle lifecycle, JsonCodec json, WsClusterBus bus) {
        this.lifecycle = lifecycle;
        this.json = json;
        this.bus = bus;
        if (bus != null) {
            bus.receiveWith(this::deliverLocally);
        }
    }

    /**
     * Sends to every open session of the endpoint with this path template. Returns without waiting
     * for the writes; may be called from any thread.
     *
     * @param endpointPath the endpoint's path template, exactly as on its {@link WsEndpoint}, such as
     *                     {@code /chat/{room}}; not a request path
     * @param message      a {@code String}, {@code byte[]}, {@code ByteBuffer}, {@link PreparedMessage},
     *                     or an object to send as JSON (see {@link #prepare(Object)})
     * @return the number of this node's sessions it was handed to (a send to one that closes meanwhile fails alone);
     *         0 when the server is not running
     * @throws IllegalStateException if the message needs JSON and no JSON mapper is available, and
     *                               there is a session to send it to
     */
    public int broadcast(String endpointPath, Object message) {
        return send(new ClusterMessage.Target(ClusterMessage.Kind.ENDPOINT, endpointPath), message);
    }

    /**
     * Sends to every session in the group. Returns without waiting for the writes; may be called
     * from any thread.
     *
     * @param group   the group's name, as given to {@link WsSession#join(String)}
     * @param message as for {@link #broadcast(String, Object)}
     * @return the number of this node's sessions it was handed to (a send to one that closes meanwhile fails alone);
     *         0 when the server is not running
     * @throws IllegalStateException if the message needs JSON and no JSON mapper is available, and
     *                               there is a session to send it to
     */
    public int publish(String group, Object message) {
        return send(new ClusterMessage.Target(ClusterMessage.Kind.GROUP, group), message);
    }

    /**
     * Sends to every open session of a user, on every endpoint: those whose
     * {@link WsSession#principal()} has this name, as a handshake interceptor named it with
     * {@code HandshakeResult.accept().withPrincipal(...)} (a Spring Security {@code Authentication}
     * says {@code getName()}). Anonymous sessions are never a user's. Returns without waiting for the
     * writes; may be called from any thread.
     *
     * @param user    the principal's name, {@link java.security.Principal#getName()}
     * @param message as for {@link #broadcast(String, Object)}
     * @return the number of this node's sessions it was handed to (a send to one that closes meanwhile fails alone);
     *         0 when the user has no open session or the server is not running
     * @throws IllegalStateException if the message needs JSON and no JSON mapper is available, and
     *                               there is a session to send it to
     */
    public int sendToUser(String user, Object message) {
        return send(new ClusterMessage.Target(ClusterMessage.Kind.USER, user), message);
    }

    /**
     * Open sessions of a user, on every endpoint: a live, read-only view (see
     * {@link WsServer#userSessions(String)}).
     *
     * @param user the principal's name
     * @return the sessions; empty when the user has none or the server is not running
     */
    public Set<WsSession> userSessions(String user) {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.userSessions(user);
    }

    /**
     * Open sessions of an endpoint: a live, read-only view (see {@link WsServer#sessions(String)}).
     *
     * @param endpointPath the endpoint's path template, exactly as on its {@link WsEndpoint}
     * @return the sessions; empty when the server is not running or the template is unknown
     */
    public Set<WsSession> sessions(String endpointPath) {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.sessions(endpointPath);
    }

    /**
     * Sessions in a group: a live, read-only view (see {@link WsServer#group(String)}).
     *
     * @param group the group's name
     * @return the members; empty when the group has none or the server is not running
     */
    public Set<WsSession> group(String group) {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.group(group);
    }

    /** {@return the names of the groups that have members; empty when the server is not running} */
    public Set<String> groups() {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.groupNames();
    }

    private int send(ClusterMessage.Target target, Object message) {
        Set<WsSession> receivers = receivers(target);
        if (bus != null && bus.keepsReplay(target)) {
            // every node delivers it, this one too, once Redis has given it its group-wide id
            bus.publish(target, PreparedMessage.text(recoveryJson(message)));
            return receivers.size();
        }
        if (bus == null) {
            return receivers.isEmpty() ? 0 : sendAll(receivers, prepare(message));
        }
        PreparedMessage prepared = prepare(message); // once, for this node's sessions and the other nodes'
        int count = receivers.isEmpty() ? 0 : sendAll(receivers, prepared);
        bus.publish(target, prepared);
        return count;
    }

    /** A recovery group's message is JSON, wrapped with its id on delivery ({@link WsRecovery}). */
    private String recoveryJson(Object message) {
        if (message instanceof PreparedMessage || message instanceof byte[] || message instanceof ByteBuffer) {
            throw new IllegalArgumentException("a recovery group's messages are text or JSON, not "
                    + message.getClass().getSimpleName());
        }
        if (message instanceof CharSequence text) {
            return WsRecovery.quote(text);
        }
        return asJson(message);
    }

    private String asJson(Object message) {
        if (json == null) {
            throw new IllegalStateException("cannot send a " + message.getClass().getSimpleName()
                    + " as JSON: no Jackson JsonMapper is available");
        }
        return json.encode(message);
    }

    /** Another node's message (or, for a recovery group, any node's), for this node's sessions. */
    private void deliverLocally(ClusterMessage message) {
        Set<WsSession> receivers = receivers(message.target());
        if (message.id() != null) {
            WsRecovery.deliver(receivers, message);
        } else if (!receivers.isEmpty()) {
            sendAll(receivers, message.message());
        }
    }

    private Set<WsSession> receivers(ClusterMessage.Target target) {
        return switch (target.kind()) {
            case ENDPOINT -> sessions(target.name());
            case GROUP -> group(target.name());
            case USER -> userSessions(target.name());
        };
    }

    private static int sendAll(Set<WsSession> receivers, PreparedMessage prepared) {
        int count = 0;
        for (WsSession session : receivers) {
            session.send(prepared);
            count++;
        }
        return count;
    }

    /**
     * Encodes a message once for any number of receivers: a {@link PreparedMessage} as it is, a
     * {@code CharSequence} as text, a {@code byte[]} or {@code ByteBuffer} (its remaining bytes,
     * copied) as binary, anything else as JSON text written with the application's mapper.
     *
     * @param message the message, not null
     * @return the encoded message, to send with {@link WsSession#send(PreparedMessage)}
     * @throws IllegalStateException if the message needs JSON and no JSON mapper is available
     */
    public PreparedMessage prepare(Object message) {
        if (message instanceof PreparedMessage prepared) {
            return prepared;
        }
        if (message instanceof CharSequence text) {
            return PreparedMessage.text(text);
        }
        if (message instanceof byte[] bytes) {
            return PreparedMessage.binary(bytes);
        }
        if (message instanceof ByteBuffer buffer) {
            return PreparedMessage.binary(buffer);
        }
        return PreparedMessage.text(asJson(message));
    }
}
