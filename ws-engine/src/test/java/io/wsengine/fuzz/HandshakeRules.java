package io.wsengine.fuzz;

import io.wsengine.internal.http.HttpRequestHead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 6455 section 4.2.1, the conditions a client's opening handshake must meet before a server may
 * answer 101, and section 4.2.2's accept key, written out plainly as a reference for the handshake.
 */
final class HandshakeRules {
    /** 16 bytes in base64: 22 characters, then the padding of the last, partial group. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9+/]{22}==");

    private HandshakeRules() {
    }

    /** Null when the request may be upgraded, else the condition it breaks. */
    static String violation(HttpRequestHead head) {
        String malformed = malformedRequest(head);
        if (malformed != null) {
            return malformed;
        }
        if (!hasToken(head.headerValues("Upgrade"), "websocket")) {
            return "Upgrade: websocket";
        }
        if (!hasToken(head.headerValues("Connection"), "upgrade")) {
            return "Connection: Upgrade";
        }
        List<String> versions = head.headerValues("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).equals("13")) {
            return "Sec-WebSocket-Version: 13";
        }
        List<String> keys = head.headerValues("Sec-WebSocket-Key");
        if (keys.size() != 1 || !KEY.matcher(keys.get(0)).matches()) {
            return "one Sec-WebSocket-Key of 16 bytes in base64";
        }
        return null;
    }

    /**
     * Null when the request could be an upgrade at all, else what it lacks: a GET (section 4.1, item 2)
     * over HTTP/1.1 or later, with one Host header, for an absolute path (items 3 and 4).
     */
    static String malformedRequest(HttpRequestHead head) {
        if (!head.method().equals("GET")) {
            return "method GET";
        }
        if (head.majorVersion() < 1 || (head.majorVersion() == 1 && head.minorVersion() < 1)) {
            return "HTTP/1.1 or later";
        }
        if (head.headerValues("Host").size() != 1) {
            return "one Host header";
        }
        if (!head.target().startsWith("/")) {
            return "an absolute path";
        }
        return null;
    }

    /** Whether a comma-separated header holds the token, ignoring case (RFC 9110 section 5.6.1). */
    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                if (element.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Section 4.2.2: base64 of the SHA-1 of the key and the protocol's GUID. */
    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
