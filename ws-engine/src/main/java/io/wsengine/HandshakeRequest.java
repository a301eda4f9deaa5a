package io.wsengine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** The client's opening handshake: a read-only view of the HTTP upgrade request. */
public interface HandshakeRequest {

    /** The request target as sent, path and query, not decoded. */
    String uri();

    /** The path, not decoded. */
    String path();

    /** The query string, not decoded; empty when there is none. */
    String query();

    /** Query parameters, decoded, each with its values in order. */
    Map<String, List<String>> queryParams();

    /** The first value of a query parameter, or null. */
    default String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Headers by name; lookups ignore case. */
    Map<String, List<String>> headers();

    /** The first value of a header, or null; the name is matched ignoring case. */
    default String header(String name) {
        List<String> values = headers().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The decoded values of the route's path variables. */
    Map<String, String> pathParams();

    /** The subprotocols the client offered, in its order. */
    List<String> subprotocols();

    InetSocketAddress remoteAddress();
}
