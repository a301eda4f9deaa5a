package io.wsengine.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of an upgrade request that carry credentials, which interceptors see and an open session
 * no longer shows: whole header lines by name, query parameters by name, and the subprotocol offered
 * right after a marker (a browser's only way to send a token is as a subprotocol). {@link #carriedBy}
 * looks at the parsed request, so a request with none of them costs a few lookups;
 * {@link #hide} rewrites the head's bytes only for those that carry some.
 */
public final class HiddenCredentials {
    private static final String SUBPROTOCOL_HEADER = "sec-websocket-protocol";

    /** Lower case. */
    private final Set<String> headers;
    /** Decoded names, matched exactly. */
    private final Set<String> queryParameters;
    private final Set<String> subprotocolMarkers;

    /**
     * @param headers            header names, matched ignoring case
     * @param queryParameters    decoded query parameter names, matched exactly
     * @param subprotocolMarkers subprotocols whose next offered subprotocol is a credential
     */
    public HiddenCredentials(Collection<String> headers, Collection<String> queryParameters,
            Collection<String> subprotocolMarkers) {
        this.headers = headers.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.queryParameters = Set.copyOf(queryParameters);
        this.subprotocolMarkers = Set.copyOf(subprotocolMarkers);
    }

    /**
     * Whether a request carries any of the hidden parts.
     *
     * @param head        the parsed request
     * @param queryParams its decoded query parameters
     * @param offered     the subprotocols it offers, in order
     * @return true when {@link #hide} would change its head
     */
    public boolean carriedBy(HttpRequestHead head, Map<String, List<String>> queryParams, List<String> offered) {
        for (String name : headers) {
            if (!head.headerValues(name).isEmpty()) {
                return true;
            }
        }
        for (String name : queryParameters) {
            if (queryParams.containsKey(name)) {
                return true;
            }
        }
        for (int i = 0; i < offered.size() - 1; i++) {
            if (subprotocolMarkers.contains(offered.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The head without the hidden parts: hidden header lines left out, hidden parameters left out of
     * the request target's query, and each subprotocol after a marker left out of its
     * {@code Sec-WebSocket-Protocol} line (a line left empty goes). Everything else stays as received.
     *
     * @param raw the bytes of a head that {@link HttpRequestParser} accepted, not compacted
     * @return the bytes of the head as the session keeps it
     */
    public byte[] hide(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder(text.length());
        int lineEnd = text.indexOf('\n') + 1;
        kept.append(requestLine(text.substring(0, lineEnd)));
        boolean afterMarker = false; // a marker may end one Sec-WebSocket-Protocol line and its token begin the next
        for (int start = lineEnd; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            String line = text.substring(start, end);
            start = end;
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon).toLowerCase(Locale.ROOT);
            if (headers.contains(name)) {
                continue;
            }
            if (name.equals(SUBPROTOCOL_HEADER) && !subprotocolMarkers.isEmpty()) {
                List<String> elements = new ArrayList<>();
                boolean dropped = false;
                for (String element : line.substring(colon + 1).split(",")) {
                    String subprotocol = element.trim();
                    if (subprotocol.isEmpty()) {
                        continue;
                    }
                    if (afterMarker) {
                        afterMarker = false;
                        dropped = true; // the credential
                        continue;
                    }
                    elements.add(subprotocol);
                    afterMarker = subprotocolMarkers.contains(subprotocol);
                }
                if (!dropped) {
                    kept.append(line);
                } else if (!elements.isEmpty()) {
                    kept.append(line, 0, colon + 1).append(' ').append(String.join(", ", elements))
                            .append(line.endsWith("\r\n") ? "\r\n" : "\n");
                }
                continue;
            }
            kept.append(line);
        }
        return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line with the hidden query parameters left out of its target. */
    private String requestLine(String line) {
        int firstSpace = line.indexOf(' ');
        int secondSpace = line.indexOf(' ', firstSpace + 1);
        String target = line.substring(firstSpace + 1, secondSpace);
        int questionMark = target.indexOf('?');
        if (questionMark < 0 || queryParameters.isEmpty()) {
            return line;
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : target.substring(questionMark + 1).split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = PercentDecoding.decodeQueryComponent(equals < 0 ? pair : pair.substring(0, equals));
            if (!queryParameters.contains(name)) {
                pairs.add(pair);
            }
        }
        String query = String.join("&", pairs);
        String path = target.substring(0, questionMark);
        return line.substring(0, firstSpace + 1) + (query.isEmpty() ? path : path + "?" + query) + line.substring(secondSpace);
    }
}
