package io.wsengine.fuzz;

import java.util.HexFormat;
import java.util.List;

/**
 * What a connection makes of a client's byte stream: the messages and control frames delivered, in
 * order, and the close code the connection was failed with (0 when the bytes ran out without a
 * failure). Events are lines of text so that a mismatch reads well: {@code text:...},
 * {@code binary:<hex>}, {@code ping:<hex>}, {@code pong:<hex>}, {@code close:<code>:<reason>}.
 */
record FrameOutcome(List<String> events, int failure) {

    static String text(String text) {
        return "text:" + text;
    }

    static String binary(byte[] data) {
        return "binary:" + HexFormat.of().formatHex(data);
    }

    static String ping(byte[] payload) {
        return "ping:" + HexFormat.of().formatHex(payload);
    }

    static String pong(byte[] payload) {
        return "pong:" + HexFormat.of().formatHex(payload);
    }

    static String close(int code, String reason) {
        return "close:" + code + ":" + reason;
    }

    @Override
    public String toString() {
        String shown = events.size() > 20 ? events.subList(0, 20) + " and " + (events.size() - 20) + " more" : events.toString();
        return shown + (failure == 0 ? ", no failure" : ", failed with " + failure);
    }
}
