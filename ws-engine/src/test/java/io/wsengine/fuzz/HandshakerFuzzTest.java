package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.WsHandler;
import io.wsengine.WsRoute;
import io.wsengine.WsServerConfig;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.CompactHead;
import io.wsengine.internal.http.HttpRequestHead;
import io.wsengine.internal.http.HttpRequestParser;
import io.wsengine.internal.server.HandshakeDecisions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The handshake decision, as a connection asks for it once the parser has a head: for any request it
 * returns a well-formed response and never throws; it answers 101 only to a request that meets RFC
 * 6455 section 4.2.1 ({@link HandshakeRules}), with the right accept key and an offered subprotocol,
 * and the session then keeps a head that gives back the request exactly, but for the credential headers
 * that an open session hides by default ({@code Authorization}, {@code Proxy-Authorization}: see
 * {@link WsServerConfig.Builder#hideHeaders}).
 *
 * <p>Input: one byte that picks a server configuration, then the bytes from the client.
 */
class HandshakerFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(101, 400, 401, 403, 404, 426);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\\r\\n]+\\r\\n");
    private static final Pattern HEADER_LINE = Pattern.compile("([!#-'*+.0-9A-Z^-z|~-]+): ([^\\r\\n]*)\\r\\n");
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final ViewReadingInterceptor INTERCEPTOR = new ViewReadingInterceptor();
    private static final HandshakeDecisions[] SERVERS = {
            new HandshakeDecisions(WsServerConfig.builder()
                    .interceptor(INTERCEPTOR)
                    .route(WsRoute.builder("/chat/{room}", new WsHandler() { }).subprotocols("chat.v2", "chat").build())
                    .route("/echo", new WsHandler() { })
                    .route("/files/**", new WsHandler() { })
                    .build()),
            new HandshakeDecisions(WsServerConfig.builder()
                    .allowedOrigins("https://*.example.com", "http://localhost:8080")
                    .route(WsRoute.builder("/{a}/{b}", new WsHandler() { }).interceptor(INTERCEPTOR).build())
                    .route("/echo", new WsHandler() { })
                    .build())};

    // libFuzzer's dictionary syntax: a byte outside printable ASCII is written \xNN.
    @DictionaryEntries({"GET /chat/", "GET /echo", " HTTP/1.1\\x0D\\x0A", "\\x0D\\x0A", "Host: ", "Upgrade: websocket\\x0D\\x0A",
            "Connection: Upgrade\\x0D\\x0A", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\x0D\\x0A", "Sec-WebSocket-Version: 13\\x0D\\x0A",
            "Sec-WebSocket-Protocol: ", "Origin: ", "https://a.example.com", "X-Pick: ", "?token=bad", "%",
            "Authorization: Bearer x\\x0D\\x0A", "proxy-authorization: "})
    @FuzzTest(maxDuration = "10m")
    void answersEveryRequestWithAWellFormedResponseAnd101OnlyToAValidUpgrade(byte[] input) {
        if (input.length < 1) {
            return;
        }
        HttpRequestHead head;
        try {
            head = new HttpRequestParser(8192).parse(ByteBuffer.wrap(input, 1, input.length - 1));
        } catch (BadRequestException e) {
            return; // refused before the decision (HttpRequestParserFuzzTest)
        }
        if (head == null) {
            return;
        }
        HandshakeDecisions.Decision decision = SERVERS[(input[0] & 0xFF) % SERVERS.length].decide(head, CLIENT);
        RuntimeException viewFailure = INTERCEPTOR.takeFailure();
        if (viewFailure != null) {
            throw new AssertionError("a view of the request threw for " + head, viewFailure);
        }

        byte[] responseBytes = new byte[decision.response().remaining()];
        decision.response().duplicate().get(responseBytes);
        String response = new String(responseBytes, StandardCharsets.ISO_8859_1);
        Matcher statusLine = STATUS_LINE.matcher(response);
        check(statusLine.lookingAt(), head, response, "a status line");
        int status = Integer.parseInt(statusLine.group(1));
        check(STATUSES.contains(status), head, response, "a status the handshake gives");
        check(decision.accepted() == (status == 101), head, response, "101 exactly when accepted");
        Map<String, String> headers = new LinkedHashMap<>();
        int at = statusLine.end();
        Matcher headerLine = HEADER_LINE.matcher(response);
        while (headerLine.find(at) && headerLine.start() == at) {
            check(headers.put(headerLine.group(1), headerLine.group(2)) == null, head, response, "no header twice");
            at = headerLine.end();
        }
        check(response.startsWith("\r\n", at), head, response, "header lines, then an empty line");
        String body = response.substring(at + 2);

        if (HandshakeRules.malformedRequest(head) != null) {
            // The design's table: whatever the path, such a request is a bad request.
            check(status == 400, head, response, "400 for a request without " + HandshakeRules.malformedRequest(head));
        }
        if (status == 426) {
            check("13".equals(headers.get("Sec-WebSocket-Version")), head, response, "426 to name version 13");
        }
        if (status == 101) {
            checkUpgrade(head, decision, headers, body, response);
        } else {
            check(String.valueOf(body.getBytes(StandardCharsets.ISO_8859_1).length).equals(headers.get("Content-Length")),
                    head, response, "a Content-Length that counts the body");
            check(headers.getOrDefault("Connection", "").endsWith("close"), head, response, "Connection: close");
        }
    }

    private static void checkUpgrade(HttpRequestHead head, HandshakeDecisions.Decision decision,
                                     Map<String, String> headers, String body, String response) {
        String violation = HandshakeRules.violation(head);
        check(violation == null, head, response, "no 101 without " + violation);
        check(body.isEmpty(), head, response, "no body after 101");
        check("websocket".equals(headers.get("Upgrade")) && "Upgrade".equals(headers.get("Connection")), head, response,
                "Upgrade: websocket and Connection: Upgrade");
        check(HandshakeRules.acceptKey(head.header("Sec-WebSocket-Key")).equals(headers.get("Sec-WebSocket-Accept")),
                head, response, "the accept key of section 4.2.2");
        List<String> offered = new ArrayList<>();
        for (String value : head.headerValues("Sec-WebSocket-Protocol")) {
            for (String name : value.split(",")) {
                offered.add(name.trim());
            }
        }
        String subprotocol = decision.subprotocol();
        check(subprotocol == null || offered.contains(subprotocol), head, response, "an offered subprotocol");
        check(Objects.equals(subprotocol, headers.get("Sec-WebSocket-Protocol")), head, response,
                "the chosen subprotocol in the response");
        // Hiding credentials is intended: the session's head is the request's but for those lines.
        byte[] withoutCredentials = withoutCredentialHeaders(head.raw());
        check(Arrays.equals(CompactHead.expand(decision.compactHead()), withoutCredentials), head, response,
                "the session's compact head to expand to the request's bytes without credential headers");
        check(decision.request().headers().equals(HttpRequestParser.parse(withoutCredentials).headers()), head, response,
                "the session's headers as received, without credential headers");
        check(!decision.request().headers().containsKey("Authorization")
                && !decision.request().headers().containsKey("Proxy-Authorization"), head, response,
                "no credential header in the session's headers");
        check(decision.request().uri().equals(head.target()), head, response, "the session's URI as received");
    }

    /** The head's bytes without its Authorization and Proxy-Authorization lines (the request line stays). */
    private static byte[] withoutCredentialHeaders(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            String line = text.substring(start, end);
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon);
            if (start == 0 || !(name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization"))) {
                kept.append(line);
            }
            start = end;
        }
        return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void check(boolean condition, HttpRequestHead head, String response, String expected) {
        if (!condition) {
            throw new AssertionError("expected " + expected + "\nrequest:\n"
                    + new String(head.raw(), StandardCharsets.ISO_8859_1) + "\nresponse:\n" + response);
        }
    }
}
