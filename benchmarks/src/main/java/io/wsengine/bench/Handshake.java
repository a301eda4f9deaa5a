package io.wsengine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** The client side of the opening handshake (RFC 6455 section 4.1), done by hand. */
final class Handshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] request(URI uri, String key) {
        return request(uri, key, null);
    }

    /** The upgrade request, with {@code extensions} as its {@code Sec-WebSocket-Extensions} unless null. */
    static byte[] request(URI uri, String key, String extensions) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Index just past the blank line ending a response head in {@code data[0, length)}, or -1. */
    static int endOfHead(byte[] data, int length) {
        for (int i = 3; i < length; i++) {
            if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Checks a response head; returns null when it accepts the upgrade, else what is wrong. */
    static String check(String head, String key) {
        return check(head, key, false);
    }

    /**
     * The same; with {@code offeredExtensions}, a {@code Sec-WebSocket-Extensions} answer is left for
     * the caller to judge ({@link #header}) instead of being an error.
     */
    static String check(String head, String key, boolean offeredExtensions) {
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 101")) {
            return "handshake refused: " + (lines.length == 0 ? "empty response" : lines[0]);
        }
        String accept = null;
        boolean upgrade = false;
        boolean connection = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "sec-websocket-accept" -> accept = value;
                case "upgrade" -> upgrade = value.equalsIgnoreCase("websocket");
                case "connection" -> connection = value.toLowerCase(Locale.ROOT).contains("upgrade");
                case "sec-websocket-extensions" -> {
                    if (!offeredExtensions) {
                        return "server negotiated extensions it was not offered: " + value;
                    }
                }
                default -> {
                }
            }
        }
        if (!upgrade || !connection) {
            return "101 without Upgrade: websocket / Connection: Upgrade";
        }
        if (!expectedAccept(key).equals(accept)) {
            return "wrong Sec-WebSocket-Accept: " + accept;
        }
        return null;
    }

    /** The values of header {@code name} (lower case) in a response head, joined by ", "; null if absent. */
    static String header(String head, String name) {
        String joined = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String value = line.substring(colon + 1).trim();
                joined = joined == null ? value : joined + ", " + value;
            }
        }
        return joined;
    }

    /**
     * Blocking readiness probe: connects, upgrades and closes. Returns null on success, else the
     * reason it failed.
     */
    static String probe(URI uri, int timeoutMillis) {
        return probe(uri, null, timeoutMillis, null);
    }

    /**
     * The same, over TLS when {@code tls} is not null ({@code wss://}, the handshake on an
     * {@link SSLSocket}); {@code negotiated}, if given, gets the protocol and cipher suite.
     */
    static String probe(URI uri, SSLContext tls, int timeoutMillis, StringBuilder negotiated) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
                secure.startHandshake();
                if (negotiated != null) {
                    negotiated.setLength(0);
                    negotiated.append(secure.getSession().getProtocol()).append(' ').append(secure.getSession().getCipherSuite());
                }
                socket = secure;
            }
            String key = newKey();
            socket.getOutputStream().write(request(uri, key));
            byte[] head = new byte[8192];
            int length = 0;
            int end = -1;
            while (end < 0) {
                int n = socket.getInputStream().read(head, length, head.length - length);
                if (n < 0) {
                    return "connection closed during the handshake";
                }
                length += n;
                end = endOfHead(head, length);
                if (end < 0 && length == head.length) {
                    return "response head too large";
                }
            }
            String problem = check(new String(head, 0, end, StandardCharsets.ISO_8859_1), key);
            if (problem == null) {
                // A close frame, masked (key 0), code 1000.
                socket.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
                plain.setSoLinger(true, 0);
            }
            return problem;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
