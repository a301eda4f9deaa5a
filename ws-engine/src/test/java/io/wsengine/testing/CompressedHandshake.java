package io.wsengine.testing;

import java.io.IOException;

/**
 * A raw client's upgrade with a {@code Sec-WebSocket-Extensions} offer (RFC 7692 section 5): it
 * fails unless the server answers 101 with exactly the agreement expected, in a single header.
 */
public final class CompressedHandshake {
    private static final String HEADER = "sec-websocket-extensions:";

    private CompressedHandshake() {
    }

    /**
     * Connects, offers {@code offer} and checks the answer.
     *
     * @param agreed the {@code Sec-WebSocket-Extensions} value the 101 must carry, or null for none
     * @return the client, upgraded; closed if the check fails
     */
    public static RawWsClient open(int port, String path, String offer, String agreed) throws IOException {
        RawWsClient client = RawWsClient.connect(port);
        try {
            client.sendRaw(RawWsClient.upgradeRequest(path, port, "Sec-WebSocket-Extensions: " + offer + "\r\n"));
            String head = client.readResponseHead();
            if (!head.startsWith("HTTP/1.1 101 ")) {
                throw new AssertionError("expected 101 to the offer '" + offer + "', got: " + head);
            }
            String answered = extensions(head);
            if (agreed == null ? answered != null : !agreed.equals(answered)) {
                throw new AssertionError("expected the agreement '" + agreed + "' to the offer '" + offer
                        + "', got '" + answered + "' in: " + head);
            }
            return client;
        } catch (IOException | RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    /** {@return the response head's one Sec-WebSocket-Extensions value, or null without one} */
    static String extensions(String head) {
        String found = null;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith(HEADER)) {
                if (found != null) {
                    throw new AssertionError("two Sec-WebSocket-Extensions headers in: " + head);
                }
                found = line.substring(HEADER.length()).trim();
            }
        }
        return found;
    }
}
