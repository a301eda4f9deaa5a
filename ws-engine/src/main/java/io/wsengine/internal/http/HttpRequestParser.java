package io.wsengine.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an HTTP/1.1 request head (RFC 9112 sections 2-5) from bytes that may arrive one at a time.
 * It consumes exactly the head: whatever follows it in the same buffer (the client's first frames)
 * is left there. The head is held only until it is complete, and never beyond the size limit, which
 * also counts the empty lines it skips before the request line: endless line breaks are refused too.
 */
public final class HttpRequestParser {
    private final int maxHeadSize;
    /** Bytes of a head that spans several reads; null until one does. */
    private byte[] head;
    private int size;
    /** Bytes of the current line, not counting CR; a line feed that ends an empty line ends the head. */
    private int lineLength;
    /** Line breaks skipped before the request line; they count against the size limit. */
    private int skipped;

    public HttpRequestParser(int maxHeadSize) {
        this.maxHeadSize = maxHeadSize;
    }

    /**
     * Consumes bytes up to the end of the head.
     *
     * @return the parsed head once complete, else null (more bytes are needed)
     * @throws BadRequestException 431 when the head grows past the limit, 400 when it is malformed
     */
    public HttpRequestHead parse(ByteBuffer source) {
        if (size == 0) {
            HttpRequestHead whole = parseWhole(source);
            if (whole != null) {
                return whole;
            }
        }
        while (source.hasRemaining()) {
            byte b = source.get();
            if (b == '\n') {
                if (lineLength == 0 && size > 0) {
                    append(b);
                    return parseHead();
                }
                if (lineLength == 0) {
                    skip(); // empty lines before the request line are ignored (RFC 9112 section 2.2)
                    continue;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            } else if (size == 0) {
                skip();
                continue;
            }
            append(b);
        }
        return null;
    }

    /**
     * The usual case, a whole head in one read: found where it lies and copied out once, with no
     * buffer to collect it in. Returns null, consuming nothing, when the head goes on past this read.
     */
    private HttpRequestHead parseWhole(ByteBuffer source) {
        int limit = source.limit();
        int start = source.position();
        int begin = start;
        while (begin < limit && (source.get(begin) == '\r' || source.get(begin) == '\n')) {
            begin++; // empty lines before the request line are ignored, but count against the limit
        }
        int lineLength = 0;
        for (int i = begin; i < limit && skipped + i - start < maxHeadSize; i++) {
            byte b = source.get(i);
            if (b == '\n') {
                if (lineLength == 0) {
                    byte[] raw = new byte[i + 1 - begin];
                    source.get(begin, raw);
                    source.position(i + 1);
                    return parse(raw);
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        return null;
    }

    private void skip() {
        if (skipped == maxHeadSize) {
            throw tooLarge();
        }
        skipped++;
    }

    private BadRequestException tooLarge() {
        return new BadRequestException(431, "request head larger than " + maxHeadSize + " bytes");
    }

    private void append(byte b) {
        if (skipped + size == maxHeadSize) {
            throw tooLarge();
        }
        if (head == null) {
            head = new byte[Math.min(512, maxHeadSize)];
        } else if (size == head.length) {
            byte[] larger = new byte[Math.min(head.length * 2, maxHeadSize)];
            System.arraycopy(head, 0, larger, 0, size);
            head = larger;
        }
        head[size++] = b;
    }

    private HttpRequestHead parseHead() {
        byte[] raw = Arrays.copyOf(head, size);
        head = null;
        return parse(raw);
    }

    /**
     * Parses a complete head, as {@link #parse(ByteBuffer)} collected it ({@link HttpRequestHead#raw()}):
     * a session keeps only those bytes, and parses them again when the application asks for headers.
     */
    public static HttpRequestHead parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf('\n');
        String requestLine = stripCarriageReturn(text, 0, lineEnd);
        int firstSpace = requestLine.indexOf(' ');
        int secondSpace = requestLine.indexOf(' ', firstSpace + 1);
        if (firstSpace <= 0 || secondSpace <= firstSpace + 1 || requestLine.indexOf(' ', secondSpace + 1) >= 0) {
            throw BadRequestException.badRequest("malformed request line");
        }
        String method = requestLine.substring(0, firstSpace);
        if (!isToken(method)) {
            throw BadRequestException.badRequest("malformed method");
        }
        String target = requestLine.substring(firstSpace + 1, secondSpace);
        if (!isVisibleAscii(target)) {
            throw BadRequestException.badRequest("malformed request target");
        }
        String version = requestLine.substring(secondSpace + 1);
        if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
                || !isDigit(version.charAt(5)) || !isDigit(version.charAt(7))) {
            throw BadRequestException.badRequest("malformed HTTP version");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int start = lineEnd + 1; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            parseHeader(stripCarriageReturn(text, start, end), headers);
            start = end + 1;
        }
        headers.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return new HttpRequestHead(method, target, version.charAt(5) - '0', version.charAt(7) - '0',
                Collections.unmodifiableMap(headers), raw);
    }

    /**
     * The request target of a head that {@link #parse(byte[])} has accepted: the bytes between the
     * request line's two spaces, visible ASCII by then. Cheaper than a whole parse, so a session need not
     * keep the target as a string of its own.
     */
    public static String requestTarget(byte[] raw) {
        int firstSpace = indexOf(raw, (byte) ' ', 0);
        int secondSpace = indexOf(raw, (byte) ' ', firstSpace + 1);
        return new String(raw, firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a parsed request head");
    }

    /** The line from start to end (a line feed's index), without the carriage return before it. */
    private static String stripCarriageReturn(String text, int start, int end) {
        if (end < 0) {
            end = text.length();
        }
        return text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
    }

    private static void parseHeader(String line, Map<String, List<String>> headers) {
        if (line.isEmpty()) {
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            // also rejects obsolete line folding: a line that starts with whitespace has no token before ':'
            throw BadRequestException.badRequest("malformed header line");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            throw BadRequestException.badRequest("malformed header name");
        }
        String value = trimOptionalWhitespace(line.substring(colon + 1));
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw BadRequestException.badRequest("control character in header " + name);
            }
        }
        headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }

    /** Only space and tab are optional whitespace (RFC 9110 section 5.6.3); other controls stay and are refused. */
    private static String trimOptionalWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 section 5.6.2 token. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphaNumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphaNumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
