package io.wsengine.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** The few HTTP responses a WebSocket server writes: 101, and errors that close the connection. */
public final class HttpResponses {
    private HttpResponses() {
    }

    /** The {@code 101} response; {@code subprotocol} and {@code extensions} are null when none was agreed. */
    public static ByteBuffer switchingProtocols(String acceptKey, String subprotocol, String extensions) {
        StringBuilder response = new StringBuilder(160)
                .append("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(acceptKey).append("\r\n");
        if (subprotocol != null) {
            response.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        if (extensions != null) {
            response.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        }
        return ascii(response.append("\r\n"));
    }

    /** An error response with a short plain-text body; the connection closes after it. */
    public static ByteBuffer error(int status, String message, Map<String, String> extraHeaders) {
        byte[] body = (message == null || message.isEmpty() ? reasonPhrase(status) : message)
                .concat("\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder response = new StringBuilder(200)
                .append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status)).append("\r\n");
        String connection = "close";
        for (Map.Entry<String, String> header : new TreeMap<>(extraHeaders).entrySet()) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                connection = header.getValue() + ", close"; // one Connection header: the socket closes after this
            } else {
                response.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        response.append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: ").append(connection).append("\r\n\r\n");
        byte[] head = response.toString().getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    private static ByteBuffer ascii(CharSequence text) {
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
