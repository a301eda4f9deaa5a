package io.wsengine.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request head as an open session keeps it: header lines that WebSocket clients send word for word,
 * and the names of common headers, stand for one byte each, so an idle connection holds about half the
 * bytes. {@link #expand} gives back the original bytes exactly.
 *
 * <p>The stand-ins are bytes from 0x0E on, one per entry (0x1F at most): control characters that
 * {@link HttpRequestParser} refuses anywhere in a head, so they cannot be mistaken for the client's own
 * bytes. Only header lines are
 * compacted, from their start; the request line stays as it was, so {@link
 * HttpRequestParser#requestTarget} reads a compact head as well.
 */
public final class CompactHead {
    private static final int FIRST_STAND_IN = 0x0E;
    /** Whole lines, then line starts; a longer entry comes before any entry it begins with. */
    private static final byte[][] ENTRIES = entries(
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n", // Chromium
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", // Firefox
            "Accept-Encoding: gzip, deflate, br, zstd\r\n",
            "Connection: keep-alive, Upgrade\r\n",
            "Sec-WebSocket-Version: 13\r\n",
            "Cache-Control: no-cache\r\n",
            "Connection: Upgrade\r\n",
            "Upgrade: websocket\r\n",
            "Pragma: no-cache\r\n",
            "User-Agent: Mozilla/5.0 (",
            "Sec-WebSocket-Protocol: ",
            "Sec-WebSocket-Key: ",
            "Accept-Language: ",
            "Authorization: ",
            "Origin: ",
            "Cookie: ",
            "Host: ");

    private CompactHead() {
    }

    /**
     * The compact form of a head that {@link HttpRequestParser} accepted.
     *
     * @throws IllegalArgumentException if the bytes hold a stand-in byte, which no accepted head does
     */
    public static byte[] compact(byte[] head) {
        for (byte b : head) {
            if (isStandIn(b)) {
                throw new IllegalArgumentException("a request head holds control byte " + b);
            }
        }
        byte[] compact = new byte[head.length];
        int length = indexOfLineFeed(head, 0) + 1; // the request line, as it is
        System.arraycopy(head, 0, compact, 0, length);
        int position = length;
        while (position < head.length) {
            int entry = entryAt(head, position);
            if (entry >= 0) {
                compact[length++] = (byte) (FIRST_STAND_IN + entry);
                position += ENTRIES[entry].length;
                if (ENTRIES[entry][ENTRIES[entry].length - 1] == '\n') {
                    continue; // a whole line: the next one starts here
                }
            }
            int lineLength = indexOfLineFeed(head, position) + 1 - position;
            System.arraycopy(head, position, compact, length, lineLength);
            length += lineLength;
            position += lineLength;
        }
        return Arrays.copyOf(compact, length);
    }

    /** The head's original bytes. */
    public static byte[] expand(byte[] compact) {
        int length = 0;
        for (byte b : compact) {
            length += isStandIn(b) ? ENTRIES[b - FIRST_STAND_IN].length : 1;
        }
        byte[] head = new byte[length];
        int position = 0;
        for (byte b : compact) {
            if (isStandIn(b)) {
                byte[] entry = ENTRIES[b - FIRST_STAND_IN];
                System.arraycopy(entry, 0, head, position, entry.length);
                position += entry.length;
            } else {
                head[position++] = b;
            }
        }
        return head;
    }

    private static int entryAt(byte[] head, int position) {
        for (int i = 0; i < ENTRIES.length; i++) {
            byte[] entry = ENTRIES[i];
            if (Arrays.equals(head, position, Math.min(position + entry.length, head.length), entry, 0, entry.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the line feed that ends the line at position; the last index when none does. */
    private static int indexOfLineFeed(byte[] head, int position) {
        for (int i = position; i < head.length; i++) {
            if (head[i] == '\n') {
                return i;
            }
        }
        return head.length - 1;
    }

    static boolean isStandIn(byte b) {
        return b >= FIRST_STAND_IN && b < FIRST_STAND_IN + ENTRIES.length;
    }

    private static byte[][] entries(String... lines) {
        if (FIRST_STAND_IN + lines.length > 0x20) {
            throw new AssertionError("more entries than control bytes to stand for them");
        }
        byte[][] entries = new byte[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            entries[i] = lines[i].getBytes(StandardCharsets.US_ASCII);
        }
        return entries;
    }
}
