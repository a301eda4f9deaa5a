package io.wsengine.internal.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A parsed HTTP/1.1 request head.
 *
 * @param headers values by header name, names compared ignoring case; repeated headers keep every value
 */
public record HttpRequestHead(String method, String target, int majorVersion, int minorVersion,
                              Map<String, List<String>> headers) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /** Every value of a header, in the order received; empty when absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, Collections.emptyList());
    }

    /** Whether a comma-separated header (such as Connection) contains the token, ignoring case. */
    public boolean hasToken(String name, String token) {
        for (String value : headerValues(name)) {
            for (String element : value.split(",")) {
                if (element.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean isAtLeastHttp11() {
        return majorVersion > 1 || (majorVersion == 1 && minorVersion >= 1);
    }
}
