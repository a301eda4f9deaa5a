package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request heads as RFC 9112 sections 2-5 and RFC 6455 section 4.1 (the client's handshake) shape them. */
class HttpRequestParserTest {
    private static final int LIMIT = 8192;

    // The example handshake of RFC 6455 section 1.2.
    private static final String UPGRADE = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpRequestHead parseWhole(String head) {
        return new HttpRequestParser(LIMIT).parse(ByteBuffer.wrap(latin1(head)));
    }

    private static HttpRequestHead parseBytewise(String head) {
        HttpRequestParser parser = new HttpRequestParser(LIMIT);
        byte[] bytes = latin1(head);
        HttpRequestHead result = null;
        for (int i = 0; i < bytes.length; i++) {
            assertThat(result).as("head complete before byte %d", i).isNull();
            result = parser.parse(ByteBuffer.wrap(bytes, i, 1));
        }
        return result;
    }

    private static void assertRejected(int status, String head) {
        assertThatThrownBy(() -> parseWhole(head))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    private static String withHeaderLine(String line) {
        return "GET / HTTP/1.1\r\nHost: a\r\n" + line + "\r\n\r\n";
    }

    @Test
    void parsesTheUpgradeRequest() {
        HttpRequestHead head = parseWhole(UPGRADE);

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/chat?room=1");
        assertThat(head.majorVersion()).isEqualTo(1);
        assertThat(head.minorVersion()).isEqualTo(1);
        assertThat(head.isAtLeastHttp11()).isTrue();
        assertThat(head.header("Host")).isEqualTo("server.example.com");
        assertThat(head.header("Sec-WebSocket-Key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(head.header("Sec-WebSocket-Protocol")).isEqualTo("chat, superchat");
        assertThat(head.header("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(head.headers()).hasSize(7);
    }

    @Test
    void parsesTheSameHeadFedOneByteAtATime() {
        assertThat(parseBytewise(UPGRADE)).isEqualTo(parseWhole(UPGRADE));
    }

    @Test
    void returnsNullUntilTheHeadIsComplete() {
        HttpRequestParser parser = new HttpRequestParser(LIMIT);
        byte[] bytes = latin1(UPGRADE);

        assertThat(parser.parse(ByteBuffer.wrap(bytes, 0, bytes.length - 1))).isNull();
        assertThat(parser.parse(ByteBuffer.wrap(bytes, bytes.length - 1, 1))).isNotNull();
    }

    // The client may send its first frames right behind the handshake (RFC 6455 section 4.1).
    @Test
    void leavesBytesAfterTheHeadInTheBuffer() {
        byte[] frame = {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        ByteBuffer source = ByteBuffer.allocate(UPGRADE.length() + frame.length);
        source.put(latin1(UPGRADE)).put(frame).flip();

        HttpRequestHead head = new HttpRequestParser(LIMIT).parse(source);

        assertThat(head).isNotNull();
        assertThat(source.position()).isEqualTo(UPGRADE.length());
        byte[] rest = new byte[source.remaining()];
        source.get(rest);
        assertThat(rest).isEqualTo(frame);
    }

    // RFC 9110 section 5.1: field names are case-insensitive.
    @Test
    void looksUpHeadersIgnoringCase() {
        HttpRequestHead head = parseWhole(UPGRADE);

        assertThat(head.header("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(head.header("UPGRADE")).isEqualTo("websocket");
        assertThat(head.headerValues("connection")).containsExactly("Upgrade");
        assertThat(head.header("X-Absent")).isNull();
        assertThat(head.headerValues("X-Absent")).isEmpty();
    }

    // RFC 9110 section 5.3: repeated fields keep every value, in order.
    @Test
    void keepsEveryValueOfARepeatedHeader() {
        HttpRequestHead head = parseWhole("GET / HTTP/1.1\r\nHost: a\r\nX-Multi: one\r\nx-multi: two\r\n"
                + "X-MULTI: three\r\n\r\n");

        assertThat(head.headerValues("X-Multi")).containsExactly("one", "two", "three");
        assertThat(head.header("x-multi")).isEqualTo("one");
    }

    // RFC 6455 section 4.2.1: Connection "includes" the token Upgrade; browsers send keep-alive too.
    @Test
    void findsTokenInACommaSeparatedList() {
        HttpRequestHead head = parseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n\r\n");

        assertThat(head.hasToken("Connection", "upgrade")).isTrue();
        assertThat(head.hasToken("connection", "keep-alive")).isTrue();
        assertThat(head.hasToken("Connection", "close")).isFalse();
        assertThat(head.hasToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void findsTokenInAnyOfRepeatedHeaders() {
        HttpRequestHead head = parseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n"
                + "Connection: Upgrade\r\n\r\n");

        assertThat(head.hasToken("Connection", "Upgrade")).isTrue();
    }

    @Test
    void doesNotMatchATokenThatIsOnlyPartOfAnElement() {
        HttpRequestHead head = parseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgraded, NoUpgrade\r\n\r\n");

        assertThat(head.hasToken("Connection", "Upgrade")).isFalse();
    }

    // RFC 9110 section 5.5: optional whitespace around a field value is not part of it.
    @Test
    void stripsSpacesAndTabsAroundTheValue() {
        assertThat(parseWhole(withHeaderLine("X-Padded: \t value with  spaces \t ")).header("X-Padded"))
                .isEqualTo("value with  spaces");
        assertThat(parseWhole(withHeaderLine("X-Tight:value")).header("X-Tight")).isEqualTo("value");
        assertThat(parseWhole(withHeaderLine("X-Empty:")).header("X-Empty")).isEmpty();
    }

    @Test
    void keepsObsTextInValues() {
        // RFC 9110 section 5.5: obs-text (0x80-0xFF) is allowed in field values.
        assertThat(parseWhole(withHeaderLine("X-Latin: caf\u00e9")).header("X-Latin")).isEqualTo("caf\u00e9");
    }

    // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before the request line.
    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() {
        assertThat(parseWhole("\r\n\r\n" + UPGRADE)).isEqualTo(parseWhole(UPGRADE));
        assertThat(parseBytewise("\r\n\n" + UPGRADE)).isEqualTo(parseWhole(UPGRADE));
    }

    // The fuzzer showed 8 MB of line breaks before a request accepted under a 256-byte limit.
    @Test
    void countsTheEmptyLinesBeforeTheRequestLineAgainstTheSizeLimit() {
        byte[] head = latin1(UPGRADE);
        byte[] justFits = latin1("\r\n".repeat((512 - head.length) / 2) + UPGRADE);
        byte[] tooMany = latin1("\r\n".repeat(300) + UPGRADE);

        assertThat(new HttpRequestParser(512).parse(ByteBuffer.wrap(justFits))).isEqualTo(parseWhole(UPGRADE));
        assertThatThrownBy(() -> new HttpRequestParser(512).parse(ByteBuffer.wrap(tooMany)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(431));
        HttpRequestParser bytewise = new HttpRequestParser(512);
        assertThatThrownBy(() -> {
            for (byte b : tooMany) {
                bytewise.parse(ByteBuffer.wrap(new byte[] {b}));
            }
        }).isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    // RFC 9112 section 2.2: a recipient MAY recognize a single LF as a line terminator.
    @Test
    void acceptsBareLineFeedLineEndings() {
        String bareLf = UPGRADE.replace("\r\n", "\n");

        assertThat(parseWhole(bareLf)).isEqualTo(parseWhole(UPGRADE));
        assertThat(parseBytewise(bareLf)).isEqualTo(parseWhole(UPGRADE));
    }

    @Test
    void parsesHeadWithoutHeaders() {
        HttpRequestHead head = parseWhole("GET / HTTP/1.0\r\n\r\n");

        assertThat(head.headers()).isEmpty();
        assertThat(head.isAtLeastHttp11()).isFalse();
    }

    @Test
    void acceptsHeadOfExactlyTheSizeLimit() {
        String head = withHeaderLine("X-Pad: ");
        String padded = withHeaderLine("X-Pad: " + "p".repeat(100 - head.length()));
        assertThat(padded).hasSize(100);

        assertThat(new HttpRequestParser(100).parse(ByteBuffer.wrap(latin1(padded)))).isNotNull();
    }

    @Test
    void rejectsHeadOverTheSizeLimitWith431() {
        String head = withHeaderLine("X-Pad: ");
        String padded = withHeaderLine("X-Pad: " + "p".repeat(101 - head.length()));
        assertThat(padded).hasSize(101);

        assertThatThrownBy(() -> new HttpRequestParser(100).parse(ByteBuffer.wrap(latin1(padded))))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void rejectsEndlessHeadAsItCrossesTheLimitWithoutWaitingForItsEnd() {
        HttpRequestParser parser = new HttpRequestParser(1024);
        ByteBuffer endless = ByteBuffer.wrap(latin1("GET / HTTP/1.1\r\nX-Endless: " + "x".repeat(2000)));

        assertThatThrownBy(() -> parser.parse(endless))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    // RFC 9112 section 3: request-line = method SP request-target SP HTTP-version
    @ParameterizedTest
    @ValueSource(strings = {
            "GET /\r\n\r\n",
            "GET\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            " GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1 \r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET /a\u0001b HTTP/1.1\r\n\r\n",
            "GET /caf\u00e9 HTTP/1.1\r\n\r\n",
            "GET\t/ HTTP/1.1\r\n\r\n"})
    void rejectsMalformedRequestLine(String head) {
        assertRejected(400, head);
    }

    // RFC 9112 section 2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive.
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1", "HTTP/11", "HTTP/1.1.1", "http/1.1", "HTTP/a.1", "HTTP/1.x", "HTTP 1.1",
            "HTTPS/1.1", "HTTP/1,1", "XTTP/1.1"})
    void rejectsBadHttpVersion(String version) {
        assertRejected(400, "GET / " + version + "\r\nHost: a\r\n\r\n");
    }

    @Test
    void rejectsHeaderLineWithoutAColon() {
        assertRejected(400, withHeaderLine("Upgrade websocket"));
    }

    // RFC 9112 section 5.1: no whitespace is allowed between the field name and colon; MUST reject.
    @ParameterizedTest
    @ValueSource(strings = {"Upgrade : websocket", "Upgrade\t: websocket"})
    void rejectsWhitespaceBeforeTheColon(String line) {
        assertRejected(400, withHeaderLine(line));
    }

    // RFC 9112 section 5.2: obsolete line folding; a server MUST reject it (or replace it by SP).
    @ParameterizedTest
    @ValueSource(strings = {"X-Folded: first\r\n second", "X-Folded: first\r\n\tsecond",
            "X-Folded: first\r\n next: line"})
    void rejectsObsoleteLineFolding(String lines) {
        assertRejected(400, withHeaderLine(lines));
    }

    @ParameterizedTest
    @ValueSource(strings = {": no-name", "X(bad): v", "X/y: v", "X\u00e9: v", "X y: v"})
    void rejectsHeaderNameThatIsNotAToken(String line) {
        assertRejected(400, withHeaderLine(line));
    }

    // RFC 9110 section 5.5: field values hold visible characters, SP, HTAB and obs-text; no CTLs.
    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u001bb", "a\u007fb", "a\rb", "a\u000bb", "a\u001fb"})
    void rejectsControlCharacterInsideAValue(String value) {
        assertRejected(400, withHeaderLine("X-Ctl: " + value));
    }

    // A control character is no less forbidden at either end of the value: only SP and HTAB are
    // optional whitespace (RFC 9110 section 5.6.3), and a bare CR must not pass (RFC 9112 section 2.2).
    @ParameterizedTest
    @ValueSource(strings = {"value\u001f", "\u001fvalue", "value\u000b", "\u000bvalue", "value\u000c",
            "value\u001c", "value\r", "\rvalue", "value\u0000"})
    void rejectsControlCharacterAtEitherEndOfAValue(String value) {
        assertRejected(400, withHeaderLine("X-Ctl: " + value));
    }
}
