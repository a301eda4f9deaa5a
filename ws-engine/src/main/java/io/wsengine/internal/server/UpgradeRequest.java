package io.wsengine.internal.server;

import io.wsengine.HandshakeRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** The engine's {@link HandshakeRequest}: the parsed head plus what routing found. */
record UpgradeRequest(String uri, String path, String query, Map<String, List<String>> queryParams,
                      Map<String, List<String>> headers, Map<String, String> pathParams,
                      List<String> subprotocols, InetSocketAddress remoteAddress) implements HandshakeRequest {
}
