package io.wsengine.internal.server;

import io.wsengine.HandshakeRequest;
import io.wsengine.internal.http.CompactHead;
import io.wsengine.internal.http.HiddenCredentials;
import io.wsengine.internal.http.HttpRequestParser;
import io.wsengine.internal.http.PercentDecoding;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The engine's {@link HandshakeRequest}. An open session keeps only the request head's bytes, compacted
 * ({@link CompactHead}), and makes one of these when asked: the URI, headers, query parameters and
 * offered subprotocols are parsed again then, because most applications never ask, and a parsed head
 * costs an idle connection more than a kilobyte.
 */
final class UpgradeRequest implements HandshakeRequest {
    private final byte[] compactHead;
    private final String routePath;
    private final Map<String, String> pathParams;
    private final InetSocketAddress remoteAddress;
    /** Null over plain {@code ws://}. */
    private final SSLSession tlsSession;
    private final boolean hosted;
    private final Principal principal;

    UpgradeRequest(byte[] compactHead, String routePath, Map<String, String> pathParams,
            InetSocketAddress remoteAddress, SSLSession tlsSession, boolean hosted, Principal principal) {
        this.compactHead = compactHead;
        this.routePath = routePath;
        this.pathParams = pathParams;
        this.remoteAddress = remoteAddress;
        this.tlsSession = tlsSession;
        this.hosted = hosted;
        this.principal = principal;
    }

    /** {@return the same request, its head without the hidden parts} */
    UpgradeRequest withoutCredentials(HiddenCredentials hidden) {
        byte[] head = hidden.hide(CompactHead.expand(compactHead));
        return new UpgradeRequest(CompactHead.compact(head), routePath, pathParams, remoteAddress, tlsSession, hosted,
                principal);
    }

    /** The head's bytes, as {@link CompactHead#compact} left them. */
    byte[] compactHead() {
        return compactHead;
    }

    @Override
    public String uri() {
        return HttpRequestParser.requestTarget(compactHead); // the request line is never compacted
    }

    @Override
    public String routePath() {
        return routePath;
    }

    @Override
    public String path() {
        String uri = uri();
        int questionMark = uri.indexOf('?');
        return questionMark < 0 ? uri : uri.substring(0, questionMark);
    }

    @Override
    public String query() {
        String uri = uri();
        int questionMark = uri.indexOf('?');
        return questionMark < 0 ? "" : uri.substring(questionMark + 1);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return PercentDecoding.parseQuery(query()); // valid: the handshake parsed it already
    }

    @Override
    public Map<String, List<String>> headers() {
        return HttpRequestParser.parse(CompactHead.expand(compactHead)).headers();
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public List<String> subprotocols() {
        return offeredSubprotocols(headers().getOrDefault("Sec-WebSocket-Protocol", List.of()));
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    @Override
    public boolean hosted() {
        return hosted;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** Names from Sec-WebSocket-Protocol headers, which may repeat and hold comma-separated lists. */
    static List<String> offeredSubprotocols(List<String> headerValues) {
        List<String> offered = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                String name = element.trim();
                if (!name.isEmpty()) {
                    offered.add(name);
                }
            }
        }
        return List.copyOf(offered);
    }

    /** The path only: while the interceptors run, the query may hold a credential. */
    @Override
    public String toString() {
        return "HandshakeRequest[" + path() + " from " + remoteAddress + "]";
    }
}
