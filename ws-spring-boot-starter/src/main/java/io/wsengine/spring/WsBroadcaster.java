package io.wsengine.spring;

import io.wsengine.PreparedMessage;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.spring.support.JsonCodec;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Sends a message to many sessions at once: every open session of an endpoint, or every session in
 * a named group ({@link WsSession#join(String)}). The message is encoded once, whatever the number of
 * receivers: a {@code String} as text, {@code byte[]}/{@code ByteBuffer} as binary, anything else as
 * JSON text. Sending never blocks: a receiver that is closed or over its outbound limit fails alone,
 * and the others get the message.
 */
public class WsBroadcaster {
    private final WsServerLifecycle lifecycle;
    private final JsonCodec json;

    /** @param json null when no JSON mapper is available (objects then cannot be sent) */
    public WsBroadcaster(WsServerLifecycle lifecycle, JsonCodec json) {
        this.lifecycle = lifecycle;
        this.json = json;
    }

    /**
     * Sends to every open session of the endpoint with this path template.
     *
     * @return the number of sessions it was handed to (a send to one that closes meanwhile fails alone)
     */
    public int broadcast(String endpointPath, Object message) {
        return sendAll(sessions(endpointPath), message);
    }

    /**
     * Sends to every session in the group.
     *
     * @return the number of sessions it was handed to (a send to one that closes meanwhile fails alone)
     */
    public int publish(String group, Object message) {
        return sendAll(group(group), message);
    }

    /** Open sessions of an endpoint: a live, read-only view. */
    public Set<WsSession> sessions(String endpointPath) {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.sessions(endpointPath);
    }

    /** Sessions in a group: a live, read-only view. */
    public Set<WsSession> group(String group) {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.group(group);
    }

    /** Names of the groups that have members. */
    public Set<String> groups() {
        WsServer server = lifecycle.server();
        return server == null ? Set.of() : server.groupNames();
    }

    private int sendAll(Set<WsSession> receivers, Object message) {
        if (receivers.isEmpty()) {
            return 0;
        }
        PreparedMessage prepared = prepare(message);
        int count = 0;
        for (WsSession session : receivers) {
            session.send(prepared);
            count++;
        }
        return count;
    }

    /** Encodes a message once for any number of receivers. */
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
        if (json == null) {
            throw new IllegalStateException("cannot send a " + message.getClass().getSimpleName()
                    + " as JSON: no Jackson JsonMapper is available");
        }
        return PreparedMessage.text(json.encode(message));
    }
}
