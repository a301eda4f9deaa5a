package io.wsengine.internal.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed HTTP/1.1 request head.
 *
 * @param headers values by header name, names compared ignoring case; repeated headers keep every value
 * @param raw     the head's bytes as received, from which it was parsed
 */
public record HttpRequestHead(String method, String target, int majorVersion, int minorVersion,
                              Map<String, List<String>> headers, byte[] raw) {

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

    /** Two heads are equal when they say the same, however their lines ended: the raw bytes do not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HttpRequestHead head && method.equals(head.method) && target.equals(head.target)
                && majorVersion == head.majorVersion && minorVersion == head.minorVersion
                && headers.equals(head.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, majorVersion, minorVersion, headers);
    }

    public boolean isAtLeastHttp11() {
        return majorVersion > 1 || (majorVersion == 1 && minorVersion >= 1);
    }
}
