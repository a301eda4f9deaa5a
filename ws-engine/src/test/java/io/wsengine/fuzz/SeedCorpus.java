package io.wsengine.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes the hand-made seed inputs of the fuzz tests into their inputs directories (Jazzer's
 * {@code <TestClass>Inputs/<method>} under the test resources), where the normal build runs them as
 * regression tests and the fuzzers start from them. Findings that the fuzzers add sit beside them.
 * Run from the ws-engine directory: {@code java -cp target/test-classes io.wsengine.fuzz.SeedCorpus}.
 */
public final class SeedCorpus {
    private static final Path RESOURCES = Path.of("src/test/resources/io/wsengine/fuzz");
    private static final byte[] KEY = {(byte) 0x37, (byte) 0xFA, (byte) 0x21, (byte) 0x3D};
    /** A zero key leaves the payload as it is: the fuzzer then mutates plain text. */
    private static final byte[] ZERO_KEY = {0, 0, 0, 0};

    private static final String UPGRADE = "GET /chat/lobby?user=ann HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://server.example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
    private static final String CHROMIUM = "GET /chat/lobby?user=ann HTTP/1.1\r\n"
            + "Host: localhost:8090\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: http://localhost:8080\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n";
    private static final String FIREFOX = "GET /chat HTTP/1.1\r\n"
            + "Host: localhost:8090\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0\r\n"
            + "Accept: */*\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Origin: http://localhost:8080\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Cookie: session=abc\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Upgrade: websocket\r\n"
            + "\r\n";

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        frames();
        utf8();
        requestHeads();
        handshakes();
        compactHeads();
        extensionOffers();
        inflation();
    }

    private static void frames() throws IOException {
        Path dir = RESOURCES.resolve("FrameReaderFuzzTestInputs/splitFramesGiveTheSameEventsAsTheModel");
        // Settings byte: bits 0-1 the limits, 2-3 the read buffers, 4 readers moving; then the read-size seed.
        write(dir, "masked-text", bytes(0x00, 1), frame(0x81, utf8("Hello"), KEY));
        write(dir, "fragmented-text-around-control-frames", bytes(0x14, 7),
                frame(0x01, utf8("Hel"), KEY), frame(0x89, utf8("p1"), KEY), frame(0x00, utf8("lo, €"), ZERO_KEY),
                frame(0x8A, utf8("p2"), ZERO_KEY), frame(0x80, utf8("wörld"), KEY));
        write(dir, "character-split-across-fragments", bytes(0x04, 3),
                frame(0x01, bytes(0xE2), ZERO_KEY), frame(0x00, bytes(0x82), ZERO_KEY), frame(0x80, bytes(0xAC), ZERO_KEY));
        write(dir, "binary-with-16-bit-length", bytes(0x08, 9), frame(0x82, sequence(300), KEY));
        write(dir, "binary-with-64-bit-length", bytes(0x10, 5), frame64(0x82, sequence(130), KEY));
        write(dir, "fragmented-binary", bytes(0x15, 2),
                frame(0x02, sequence(100), KEY), frame(0x00, new byte[0], KEY), frame(0x80, sequence(100), KEY));
        write(dir, "text-binary-text", bytes(0x00, 11),
                frame(0x81, utf8("a longer text first"), KEY), frame(0x82, bytes(1, 2, 3), KEY), frame(0x81, utf8("hi"), KEY));
        write(dir, "ping-of-125-bytes-and-pong", bytes(0x02, 4),
                frame(0x89, sequence(125), KEY), frame(0x8A, new byte[0], KEY));
        write(dir, "close-with-reason", bytes(0x00, 6), frame(0x88, closePayload(1000, "bye ✓"), KEY),
                frame(0x81, utf8("ignored after close"), KEY));
        write(dir, "empty-close", bytes(0x00, 6), frame(0x88, new byte[0], KEY));
        write(dir, "close-with-invalid-code", bytes(0x00, 6), frame(0x88, closePayload(1005, ""), KEY));
        write(dir, "close-with-one-byte", bytes(0x00, 6), frame(0x88, bytes(3), KEY));
        write(dir, "close-with-invalid-utf8-reason", bytes(0x00, 6),
                frame(0x88, concat(closePayload(4000, "ok"), bytes(0xC0, 0x80)), ZERO_KEY));
        write(dir, "invalid-utf8", bytes(0x00, 8), frame(0x81, bytes('o', 'k', 0xC0, 0x80), ZERO_KEY));
        write(dir, "surrogate-in-text", bytes(0x00, 8), frame(0x81, bytes('a', 0xED, 0xA0, 0x80), ZERO_KEY));
        write(dir, "text-ending-inside-a-character", bytes(0x00, 8), frame(0x81, bytes('a', 0xE2, 0x82), ZERO_KEY));
        write(dir, "unmasked-frame", bytes(0x00, 0), bytes(0x81, 0x02, 'h', 'i'));
        write(dir, "reserved-bits", bytes(0x00, 0), frame(0xC1, utf8("x"), KEY));
        write(dir, "reserved-opcode", bytes(0x00, 0), frame(0x83, utf8("x"), KEY));
        write(dir, "fragmented-ping", bytes(0x00, 0), frame(0x09, utf8("x"), KEY));
        write(dir, "continuation-without-message", bytes(0x00, 0), frame(0x80, utf8("x"), KEY));
        write(dir, "new-message-inside-fragmented", bytes(0x00, 0), frame(0x01, utf8("x"), KEY), frame(0x81, utf8("y"), KEY));
        write(dir, "message-over-the-limit", bytes(0x01, 3), frame(0x02, sequence(200), KEY), frame(0x80, sequence(200), KEY));
        write(dir, "frame-over-the-limit", bytes(0x02, 3), frame(0x82, sequence(126), KEY));
        write(dir, "tiny-limits", bytes(0x03, 3), frame(0x81, utf8("ten bytes!"), KEY), frame(0x81, utf8("eleven byte"), KEY));
        write(dir, "huge-declared-length", bytes(0x00, 0), bytes(0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        write(dir, "length-with-high-bit", bytes(0x00, 0), bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4));
        write(dir, "truncated-frame", bytes(0x00, 2), slice(frame(0x81, utf8("cut short"), KEY), 8));
    }

    private static void utf8() throws IOException {
        Path dir = RESOURCES.resolve("Utf8ValidatorFuzzTestInputs/agreesWithTheJdkDecoderHoweverTheBytesAreSplit");
        write(dir, "ascii", bytes(1), utf8("0123456789 plain ASCII, longer than eight bytes"));
        write(dir, "every-length", bytes(2), utf8("aé€😀 κόσμε U+10FFFF: \uDBFF\uDFFF"));
        write(dir, "overlong", bytes(3), bytes(0xC0, 0x80, 0xE0, 0x80, 0x80, 0xF0, 0x80, 0x80, 0x80));
        write(dir, "surrogate", bytes(4), bytes('a', 0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF));
        write(dir, "above-unicode", bytes(5), bytes(0xF4, 0x90, 0x80, 0x80, 0xF5, 0x80));
        write(dir, "truncated", bytes(6), bytes('a', 'b', 0xE2, 0x82));
        write(dir, "bad-byte-after-ascii-run", bytes(7), utf8("0123456789"), bytes(0x80), utf8("01234567"));
        write(dir, "boundaries", bytes(8), bytes(0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF,
                0xEE, 0x80, 0x80, 0xEF, 0xBF, 0xBF, 0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF));
    }

    private static void requestHeads() throws IOException {
        Path dir = RESOURCES.resolve("HttpRequestParserFuzzTestInputs/splitHeadsParseTheSameAsWhole");
        // The read-size seed, then the limit: 0 for 256 bytes, 3 for 8 KiB.
        write(dir, "upgrade-request", bytes(1, 3), latin1(UPGRADE));
        write(dir, "upgrade-request-and-a-frame", bytes(2, 3), latin1(UPGRADE), frame(0x81, utf8("Hello"), KEY));
        write(dir, "empty-lines-before-and-bare-line-feeds", bytes(3, 3),
                latin1("\r\n\n\r\nGET / HTTP/1.1\nHost: a\nX:  spaced\t\n\n"));
        write(dir, "chromium-over-256-bytes", bytes(4, 0), latin1(CHROMIUM));
        write(dir, "chromium", bytes(4, 2), latin1(CHROMIUM));
        write(dir, "malformed-request-line", bytes(5, 3), latin1("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"));
        write(dir, "obs-fold-and-controls", bytes(6, 3), latin1("GET / HTTP/1.1\r\nHost: a\r\n folded\r\nX: a\u0001b\r\n\r\n"));
        write(dir, "carriage-returns-only-line", bytes(7, 3), latin1("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n"));
        write(dir, "obs-text-value", bytes(8, 3), latin1("GET /caf%C3%A9 HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n"));
    }

    private static void handshakes() throws IOException {
        Path dir = RESOURCES.resolve("HandshakerFuzzTestInputs/answersEveryRequestWithAWellFormedResponseAnd101OnlyToAValidUpgrade");
        // The server: 0 routes /chat/{room} (subprotocols chat.v2, chat), /echo, /files/**; 1 allows *.example.com.
        write(dir, "chat-upgrade", bytes(0), latin1(UPGRADE));
        write(dir, "chromium", bytes(0), latin1(CHROMIUM));
        write(dir, "firefox", bytes(0), latin1(FIREFOX));
        write(dir, "picked-subprotocol", bytes(0), latin1(UPGRADE.replace("Host:", "X-Pick: superchat\r\nHost:")));
        write(dir, "refused-by-interceptor", bytes(0), latin1(UPGRADE.replace("?user=ann", "?token=bad")));
        write(dir, "files-rest-of-path", bytes(0), latin1(UPGRADE.replace("/chat/lobby?user=ann", "/files/a/b%20c")));
        write(dir, "no-route", bytes(0), latin1(UPGRADE.replace("/chat/lobby", "/nowhere")));
        write(dir, "plain-get", bytes(0), latin1("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n"));
        write(dir, "version-8", bytes(0), latin1(UPGRADE.replace("Version: 13", "Version: 8")));
        write(dir, "bad-key", bytes(0), latin1(UPGRADE.replace("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ")));
        write(dir, "foreign-origin", bytes(0), latin1(UPGRADE.replace("Origin: http://server", "Origin: http://evil")));
        write(dir, "bad-percent-encoding", bytes(0), latin1(UPGRADE.replace("?user=ann", "?user=%E2%82")));
        write(dir, "allowed-origin-pattern", bytes(1),
                latin1(UPGRADE.replace("/chat/lobby", "/a/b").replace("http://server.example.com", "https://a.example.com")));
        write(dir, "http-1.0", bytes(1), latin1(UPGRADE.replace("HTTP/1.1", "HTTP/1.0")));
        write(dir, "credential-headers", bytes(0), latin1(UPGRADE.replace("Host:",
                "Authorization: Bearer eyJ.x.y\r\nproxy-authorization: Basic eHk=\r\nHost:")));
    }

    private static void compactHeads() throws IOException {
        Path dir = RESOURCES.resolve("CompactHeadFuzzTestInputs/compactHeadsExpandToTheExactBytes");
        write(dir, "chromium", bytes(0), latin1(CHROMIUM));
        write(dir, "firefox", bytes(0), latin1(FIREFOX));
        write(dir, "upgrade", bytes(0), latin1(UPGRADE));
        write(dir, "lookalikes", bytes(0), latin1("GET /Host: HTTP/1.1\r\nHost:  a\r\nHostname: b\r\nX-Host: c\r\n"
                + "Upgrade: websocket2\r\nConnection: Upgrade\nSec-WebSocket-Version: 13 \r\n\r\n"));
        write(dir, "header-lines-only", bytes(1), latin1("Connection: Upgrade\r\nUpgrade: websocket\r\nHost: h"));
    }

    private static void extensionOffers() throws IOException {
        Path dir = RESOURCES.resolve("ExtensionNegotiationFuzzTestInputs/negotiationAgreesDeclinesOrRefuses");
        // First byte: bit 0 picks the policy (0 allowed, 1 none); then header values, one per line.
        write(dir, "chromium", bytes(0), latin1("permessage-deflate; client_max_window_bits"));
        write(dir, "firefox-with-none", bytes(1), latin1("permessage-deflate"));
        write(dir, "every-parameter", bytes(0), latin1("permessage-deflate; client_max_window_bits=9;"
                + " server_max_window_bits=15; client_no_context_takeover; server_no_context_takeover"));
        write(dir, "declined-then-accepted", bytes(0), latin1("x-webkit-deflate-frame, permessage-deflate;"
                + " server_max_window_bits=10\npermessage-deflate; server_max_window_bits=\"15\", permessage-deflate"));
        write(dir, "bad-values", bytes(0), latin1("permessage-deflate; client_max_window_bits=016,"
                + " permessage-deflate; server_no_context_takeover=1; x"));
        write(dir, "unclosed-quote", bytes(0), latin1("permessage-deflate; client_max_window_bits=\"1\\"));
    }

    private static void inflation() throws IOException {
        Path dir = RESOURCES.resolve("InflaterFuzzTestInputs/compressedMessagesInflateWithinTheLimitOrClose1007Or1009");
        // Settings: bits 0-1 the limits (0: 100, 1: 1000, 2: 4096, 3: 16 bytes), bit 2 client context
        // takeover, bits 3-4 the read buffers, bit 5 readers moving; then the read-size seed; then pieces
        // of a control byte (bit 0 final, bit 1 binary, bit 2 uncompressed), a length byte and the payload.
        String chat = "{\"room\":\"lobby\",\"text\":\"héllo, héllo, héllo\"}";
        Deflater fresh = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        Deflater kept = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            write(dir, "compressed-text", bytes(0x02, 1), piece(0x01, deflate(fresh, utf8(chat))));
            write(dir, "two-texts-with-context-takeover", bytes(0x06, 2), piece(0x01, deflate(kept, utf8(chat))),
                    piece(0x01, deflate(kept, utf8(chat)))); // the second refers back into the first
            fresh.reset();
            byte[] binary = deflate(fresh, concat(sequence(200), sequence(200)));
            int third = binary.length / 3;
            write(dir, "fragmented-binary", bytes(0x12, 3), piece(0x02, Arrays.copyOfRange(binary, 0, third)),
                    piece(0x00, Arrays.copyOfRange(binary, third, 2 * third)),
                    piece(0x01, Arrays.copyOfRange(binary, 2 * third, binary.length)));
            fresh.reset();
            write(dir, "bomb-over-the-limit", bytes(0x01, 4), piece(0x03, deflate(fresh, new byte[1 << 16])));
            fresh.reset();
            write(dir, "invalid-utf8-inflated", bytes(0x00, 5), piece(0x01, deflate(fresh, bytes('o', 'k', 0xC0, 0x80))));
            fresh.reset();
            write(dir, "plain-then-compressed-then-unfinished", bytes(0x22, 6), piece(0x05, utf8("plain")),
                    piece(0x01, deflate(fresh, utf8(chat))), piece(0x00, bytes(0x4A)));
            write(dir, "final-block-then-a-message-with-takeover", bytes(0x0E, 7), piece(0x01, deflateFinal(utf8(chat))),
                    piece(0x01, deflateFinal(utf8("again"))));
            write(dir, "data-after-the-final-block", bytes(0x02, 8), piece(0x01, concat(deflateFinal(utf8(chat)), bytes(0x00))));
        } finally {
            fresh.end();
            kept.end();
        }
        write(dir, "invalid-block-type", bytes(0x00, 9), piece(0x03, bytes(0xFF, 0xFF)));
        write(dir, "empty-message", bytes(0x00, 10), piece(0x01, bytes(0x00)), piece(0x03, bytes(0x00)));
        write(dir, "stored-blocks", bytes(0x02, 11), piece(0x01, concat(bytes(0x00, 5, 0, 0xFA, 0xFF), utf8("hello"),
                bytes(0x00, 3, 0, 0xFC, 0xFF), utf8("abc"), bytes(0x00))));
        write(dir, "frame-over-the-limit", bytes(0x03, 12), piece(0x01, sequence(126)));
    }

    /** A piece of the inflater's input: control byte, length byte, payload (at most 255 bytes). */
    private static byte[] piece(int control, byte[] payload) {
        if (payload.length > 255) {
            throw new IllegalArgumentException("a piece holds at most 255 bytes, not " + payload.length);
        }
        return concat(bytes(control, payload.length), payload);
    }

    /** A message's payload as a client with this deflater sends it (RFC 7692 section 7.2.1). */
    private static byte[] deflate(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        byte[] out = new byte[message.length + 64];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        return Arrays.copyOf(out, length - 4); // the 00 00 ff ff tail stripped
    }

    /** A message's payload that ends in a final block (BFINAL), which needs no tail (section 7.2.3.4). */
    private static byte[] deflateFinal(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            deflater.finish();
            byte[] out = new byte[message.length + 64];
            return Arrays.copyOf(out, deflater.deflate(out));
        } finally {
            deflater.end();
        }
    }

    private static void write(Path dir, String name, byte[]... parts) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), concat(parts));
    }

    /** A masked client frame with the shortest length encoding (RFC 6455 sections 5.2, 5.3). */
    private static byte[] frame(int firstByte, byte[] payload, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length <= 125) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        return concat(out.toByteArray(), masked(payload, key));
    }

    /** A masked frame whose length takes the 64-bit form, however short. */
    private static byte[] frame64(int firstByte, byte[] payload, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) ((long) payload.length >>> shift));
        }
        return concat(out.toByteArray(), masked(payload, key));
    }

    private static byte[] masked(byte[] payload, byte[] key) {
        byte[] masked = new byte[4 + payload.length];
        System.arraycopy(key, 0, masked, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            masked[4 + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return masked;
    }

    private static byte[] closePayload(int code, String reason) {
        return concat(bytes(code >>> 8, code & 0xFF), utf8(reason));
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
