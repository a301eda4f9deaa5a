package io.wsengine;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The client's opening handshake: a read-only view of the HTTP upgrade request. Safe to use from any
 * thread. The engine's implementation parses the request again on each call (an open session keeps
 * only its bytes): read what you need once.
 */
public interface HandshakeRequest {

    /** {@return the request target as sent, path and query, not decoded, such as {@code /chat/a%20b?x=1}} */
    String uri();

    /**
     * {@return the template of the route the request matched, exactly as configured, such as
     * {@code /chat/{room}}: a tag of few values, where {@link #path()} may have one per user}
     */
    String routePath();

    /** {@return the path part of {@link #uri()}, not decoded} */
    String path();

    /** {@return the query string without the {@code ?}, not decoded; empty when there is none} */
    String query();

    /**
     * {@return the query parameters, percent-decoded as UTF-8 with {@code +} as a space, each with
     * its values in order (a name without {@code =} has the value {@code ""}); unmodifiable}
     */
    Map<String, List<String>> queryParams();

    /**
     * The first value of a query parameter.
     *
     * @param name the decoded name, matched exactly
     * @return the decoded value, or null when the parameter is absent
     */
    default String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * {@return the headers by name, lookups ignoring case, each with its values in the order sent (a
     * repeated header has several); unmodifiable}
     */
    Map<String, List<String>> headers();

    /**
     * The first value of a header.
     *
     * @param name the header name, matched ignoring case
     * @return the value as sent, or null when the header is absent
     */
    default String header(String name) {
        List<String> values = headers().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * {@return the route's path variables by name, percent-decoded, such as {@code room} of
     * {@code /chat/{room}}; empty when the template has none}
     */
    Map<String, String> pathParams();

    /** {@return the subprotocols the client offered ({@code Sec-WebSocket-Protocol}), in its order} */
    List<String> subprotocols();

    /**
     * {@return the address of the TCP peer: the client, or the last proxy in front of the server
     * (forwarding headers are not read)}
     */
    InetSocketAddress remoteAddress();

    /**
     * {@return true when another server carries the connection (the web server's port, through a
     * servlet container, which ran the application's filters first); false on the engine's own port}
     */
    default boolean hosted() {
        return false;
    }

    /**
     * {@return who is known to have connected: during the handshake, whom the host authenticated (Spring
     * Security's {@code Authentication} on the web port); after it, the session's principal. Empty on
     * the engine's own port until an interceptor names one}
     */
    default Optional<Principal> principal() {
        return Optional.empty();
    }

    /**
     * {@return the TLS session of a {@code wss://} connection (its protocol, cipher suite and the
     * client's certificates, when it sent some); empty over plain {@code ws://} and on a hosted
     * connection (the host keeps its TLS to itself)}
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
}
