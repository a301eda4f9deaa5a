package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The engine's {@link HttpRequestParser}: any bytes, cut into reads anywhere, give the same head (or
 * the same refusal) as whole; only {@link BadRequestException} with 400 or 431 is ever thrown; the
 * head ends where {@link HeadFraming} says, is never longer than the limit, and holds nothing that
 * the session's {@code CompactHead} could mistake for its own stand-in bytes.
 *
 * <p>Input: one byte that seeds the read sizes, one that picks the head size limit, then the bytes
 * from the client.
 */
class HttpRequestParserFuzzTest {
    /** 256 is the least the server's configuration allows; 8 KiB its default. */
    private static final int[] LIMITS = {256, 300, 1024, 8192};

    /** What the parser made of the stream: a head, a refusal, or a wait for more. */
    private record Result(HttpRequestHead head, int status, int consumed) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Result r && status == r.status && consumed == r.consumed
                    && (head == null ? r.head == null : r.head != null && head.equals(r.head)
                    && Arrays.equals(head.raw(), r.head.raw()));
        }

        @Override
        public String toString() {
            return head != null ? "head " + head + " after " + consumed + " bytes"
                    : status < 0 ? "waiting for more" : "refused with " + status;
        }
    }

    // libFuzzer's dictionary syntax: a byte outside printable ASCII is written \xNN.
    @DictionaryEntries({"GET ", " HTTP/1.1\\x0D\\x0A", "\\x0D\\x0A", "\\x0D\\x0A\\x0D\\x0A", "Host: ", "Upgrade: websocket", "Connection: ",
            "Sec-WebSocket-Key: ", "Sec-WebSocket-Version: 13", ": ", "\\x09", "%"})
    @FuzzTest(maxDuration = "10m")
    void splitHeadsParseTheSameAsWhole(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int limit = LIMITS[input[1] & 3];
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        HeadFraming framing = HeadFraming.of(stream, limit);

        Result whole = null;
        for (int[] reads : Reads.cuttings(stream.length, input[0])) {
            Result result = parse(stream, reads, limit);
            String how = Reads.describe(reads);
            if (whole == null) {
                whole = result;
                checkAgainstFraming(result, framing, limit, stream);
            } else if (!result.equals(whole)) {
                throw new AssertionError(how + ": " + result + "; whole: " + whole);
            }
        }
    }

    private static Result parse(byte[] stream, int[] reads, int limit) {
        HttpRequestParser parser = new HttpRequestParser(limit);
        int offset = 0;
        for (int length : reads) {
            ByteBuffer buffer = ByteBuffer.wrap(stream, offset, length);
            HttpRequestHead head;
            try {
                head = parser.parse(buffer);
            } catch (BadRequestException e) {
                return new Result(null, e.status(), -1);
            }
            if (head != null) {
                return new Result(head, 0, buffer.position());
            }
            if (buffer.hasRemaining()) {
                throw new AssertionError("no head yet, but " + buffer.remaining() + " bytes left unread");
            }
            offset += length;
        }
        return new Result(null, -1, -1);
    }

    private static void checkAgainstFraming(Result result, HeadFraming framing, int limit, byte[] stream) {
        switch (framing.status()) {
            case -1 -> check(result.status == -1, result, "the head is incomplete");
            case 431 -> check(result.status == 431, result, "the head is longer than " + limit);
            default -> {
                if (result.head == null) {
                    check(result.status == 400, result, "a malformed head of " + framing.head().length + " bytes");
                    return;
                }
                check(Arrays.equals(result.head.raw(), framing.head()), result, "the head's bytes as received");
                check(result.consumed == framing.end(), result, "the head to end at " + framing.end());
                check(result.head.raw().length <= limit, result, "at most " + limit + " bytes");
                checkWellFormed(result.head);
            }
        }
    }

    /** RFC 9112 sections 3 and 5 for what the parser accepted, checked on the parsed parts. */
    private static void checkWellFormed(HttpRequestHead head) {
        Result shown = new Result(head, 0, -1);
        check(isToken(head.method()), shown, "a token as method");
        check(!head.target().isEmpty() && head.target().chars().allMatch(c -> c > 0x20 && c < 0x7F), shown,
                "a target of visible ASCII");
        check(head.target().equals(HttpRequestParser.requestTarget(head.raw())), shown, "requestTarget to agree");
        for (Map.Entry<String, List<String>> header : head.headers().entrySet()) {
            check(isToken(header.getKey()), shown, "a token as header name");
            for (String value : header.getValue()) {
                check(value.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F), shown, "no controls in values");
                check(value.isEmpty() || (!isWhitespace(value.charAt(0)) && !isWhitespace(value.charAt(value.length() - 1))),
                        shown, "values without surrounding whitespace");
            }
        }
        for (byte b : head.raw()) {
            // 0x0E-0x1F stand for whole header lines in a session's compact head.
            check(b == '\t' || b == '\r' || b == '\n' || (b >= 0x20 && b != 0x7F) || b < 0, shown, "no control bytes");
        }
        check(HttpRequestParser.parse(head.raw()).equals(head), shown, "its bytes to parse again the same");
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static void check(boolean condition, Result result, String expected) {
        if (!condition) {
            throw new AssertionError("expected " + expected + ", got " + result);
        }
    }
}
