package io.wsengine;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An upgrade request that another server received and parsed, such as a servlet container on the
 * web application's port, for the engine to decide ({@link WsServer#decide(HostedRequest)}).
 *
 * @param method        the request method, {@code GET} for an upgrade
 * @param target        the request target as sent: the path and any query, still percent-encoded
 * @param headers       the request's header fields in the order received, names as sent, repeated
 *                      names as separate entries
 * @param remoteAddress the client's address
 * @param localAddress  the address the client connected to
 * @param principal     who the host authenticated (Spring Security's {@code Authentication} on the
 *                      web port), or null for nobody: the session's principal unless an
 *                      interceptor names another
 */
public record HostedRequest(String method, String target, List<Map.Entry<String, String>> headers,
                            InetSocketAddress remoteAddress, InetSocketAddress localAddress, Principal principal) {

    /**
     * Checks the parts and copies the headers.
     *
     * @param method        as above, not null
     * @param target        as above, not null
     * @param headers       as above, not null, without null names or values
     * @param remoteAddress as above, not null
     * @param localAddress  as above, not null
     * @param principal     as above, may be null
     * @throws NullPointerException if a part that may not be null is
     */
    public HostedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localAddress, "localAddress");
    }

    @Override
    public String toString() {
        // the headers may hold credentials: never shown
        return "HostedRequest[" + method + " " + path() + " from " + remoteAddress + "]";
    }

    private String path() {
        int questionMark = target.indexOf('?');
        return questionMark < 0 ? target : target.substring(0, questionMark);
    }
}
