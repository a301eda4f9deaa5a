package io.wsengine.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding (RFC 3986 section 2.1) of path segments and query strings, as UTF-8. */
public final class PercentDecoding {
    private PercentDecoding() {
    }

    /** Decodes a path segment: '+' stays '+'. */
    public static String decodePathSegment(String segment) {
        return decode(segment, false);
    }

    /** Decodes a query component: '+' means a space (HTML form encoding). */
    public static String decodeQueryComponent(String component) {
        return decode(component, true);
    }

    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw BadRequestException.badRequest("truncated percent-encoding");
                }
                int high = hexValue(s.charAt(i + 1));
                int low = hexValue(s.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw BadRequestException.badRequest("malformed percent-encoding");
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) >= 0x80) {
                    end++;
                }
                bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8)); // keeps surrogate pairs whole
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw BadRequestException.badRequest("percent-encoding is not UTF-8");
        }
    }

    /** ASCII hex digits only: Character.digit would also take full-width and other Unicode digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Parses {@code a=1&b=2&a=3} into decoded names and their values in order. */
    public static Map<String, List<String>> parseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decodeQueryComponent(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQueryComponent(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        params.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(params);
    }
}
