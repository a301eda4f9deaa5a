package io.wsengine.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The Sec-WebSocket-Key / Sec-WebSocket-Accept pair of RFC 6455 section 4.2.2. */
public final class AcceptKey {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** One digest per event loop thread: looking one up per handshake costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(AcceptKey::newSha1);

    private AcceptKey() {
    }

    /** Whether a client key is the base64 encoding of 16 bytes (section 4.1, item 7). */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** base64(SHA-1(key + GUID)). */
    public static String accept(String key) {
        byte[] digest = SHA1.get().digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)); // digest() resets it
        return Base64.getEncoder().encodeToString(digest);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
