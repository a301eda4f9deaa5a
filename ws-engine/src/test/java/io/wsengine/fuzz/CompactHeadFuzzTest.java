package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.CompactHead;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The compact form an open session keeps of its request head: for any head the parser accepts,
 * compacting and expanding gives back the exact bytes, never takes more room, and leaves the request
 * line readable as it is.
 *
 * <p>Input: one byte; when odd, the rest are header lines put after a fixed request line (so most
 * inputs make a head the parser accepts), else the rest is the whole head.
 */
class CompactHeadFuzzTest {
    private static final byte[] REQUEST_LINE = "GET /chat HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    // libFuzzer's dictionary syntax: a byte outside printable ASCII is written \xNN.
    @DictionaryEntries({"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\\x0D\\x0A",
            "Sec-WebSocket-Extensions: permessage-deflate\\x0D\\x0A", "Accept-Encoding: gzip, deflate, br, zstd\\x0D\\x0A",
            "Connection: keep-alive, Upgrade\\x0D\\x0A", "Sec-WebSocket-Version: 13\\x0D\\x0A", "Cache-Control: no-cache\\x0D\\x0A",
            "Connection: Upgrade\\x0D\\x0A", "Upgrade: websocket\\x0D\\x0A", "Pragma: no-cache\\x0D\\x0A", "User-Agent: Mozilla/5.0 (",
            "Sec-WebSocket-Protocol: ", "Sec-WebSocket-Key: ", "Accept-Language: ", "Authorization: ", "Origin: ",
            "Cookie: ", "Host: ", "\\x0D\\x0A", "\\x0A"})
    @FuzzTest(maxDuration = "10m")
    void compactHeadsExpandToTheExactBytes(byte[] input) {
        if (input.length < 1) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) != 0) {
            bytes = concat(REQUEST_LINE, bytes, END);
        }
        HttpRequestHead head;
        try {
            head = new HttpRequestParser(1 << 20).parse(ByteBuffer.wrap(bytes));
        } catch (BadRequestException e) {
            return;
        }
        if (head == null) {
            return;
        }
        byte[] raw = head.raw();
        byte[] compact = CompactHead.compact(raw);

        check(Arrays.equals(CompactHead.expand(compact), raw), raw, compact, "to expand to the exact bytes");
        check(compact.length <= raw.length, raw, compact, "to take no more room");
        check(HttpRequestParser.requestTarget(compact).equals(head.target()), raw, compact, "the request line as it was");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void check(boolean condition, byte[] raw, byte[] compact, String expected) {
        if (!condition) {
            throw new AssertionError("expected " + expected + "\nhead:    " + HexFormat.of().formatHex(raw)
                    + "\ncompact: " + HexFormat.of().formatHex(compact));
        }
    }
}
