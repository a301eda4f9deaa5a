package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Upgrade requests that must be refused, each with its exact answer (DESIGN: "Bad input gets a clear answer"). */
@ParameterizedClass
@EnumSource(TestTransport.class)
class HandshakeErrorsTest extends RawServerTest {

    private String host() {
        return "Host: 127.0.0.1:" + port() + "\r\n";
    }

    private static final String UPGRADE_HEADERS = "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\n";

    private static final String KEY_HEADER = "Sec-WebSocket-Key: " + RawWsClient.KEY + "\r\n";

    /** Sends the request and returns the whole response, asserting the server then closes the connection. */
    private String exchange(String request) throws IOException {
        try (RawWsClient client = connect()) {
            client.sendRaw(request);
            String response = client.readResponse();
            assertThat(client.readUntilClosed()).as("bytes after the response").isEmpty();
            return response;
        }
    }

    // RFC 6455 section 4.1: "The method of the request MUST be GET"
    @Test
    void rejectsPostWith400() throws IOException {
        String response = exchange("POST " + ECHO + " HTTP/1.1\r\n" + host() + UPGRADE_HEADERS + KEY_HEADER
                + "Content-Length: 0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 6455 section 4.1: "the HTTP version MUST be at least 1.1"
    @Test
    void rejectsHttp10With400() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.0\r\n" + host() + UPGRADE_HEADERS + KEY_HEADER + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 6455 section 4.1 item 4; RFC 9112 section 3.2: a request without Host is answered 400
    @Test
    void rejectsMissingHostWith400() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + UPGRADE_HEADERS + KEY_HEADER + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 9112 section 3.2: more than one Host header field is answered 400
    @Test
    void rejectsTwoHostHeadersWith400() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + "Host: example.com\r\n"
                + UPGRADE_HEADERS + KEY_HEADER + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 9112 section 3: request-line = method SP request-target SP HTTP-version
    @ParameterizedTest
    @ValueSource(strings = {
        "GET /echo",
        "GET /echo HTTP/1.1 extra",
        "GET  /echo HTTP/1.1",
        "GET /echo HTTPS/1.1",
        "GET /echo HTTP/1",
        "G(T /echo HTTP/1.1",
        "GARBAGE",
    })
    void rejectsMalformedRequestLineWith400(String requestLine) throws IOException {
        String response = exchange(requestLine + "\r\n" + host() + UPGRADE_HEADERS + KEY_HEADER + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 9112 section 5: field-line = field-name ":" OWS field-value OWS; obsolete line folding is refused (5.2)
    @ParameterizedTest
    @ValueSource(strings = {
        "X-No-Colon",
        ": no name",
        "Bad Name: space in the name",
        "X-Name : space before the colon",
        " folded: continuation line",
        "X-Control: a\u0001b",
    })
    void rejectsMalformedHeaderLineWith400(String headerLine) throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + UPGRADE_HEADERS + KEY_HEADER
                + headerLine + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 6455 section 4.1 item 7: exactly one Sec-WebSocket-Key
    @Test
    void rejectsDuplicateKeyWith400() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + UPGRADE_HEADERS + KEY_HEADER
                + "Sec-WebSocket-Key: " + RawWsClient.randomKey() + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 6455 section 4.2.1 item 5
    @Test
    void rejectsMissingKeyWith400() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + UPGRADE_HEADERS + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    // RFC 6455 section 4.1 item 7: the key is the base64 encoding of a 16-byte nonce
    @ParameterizedTest
    @ValueSource(strings = {
        "dGhlIHNhbXBsZQ==",          // 10 bytes
        "dGhlIHNhbXBsZSBub25jZSE=",  // 17 bytes
        "dGhlIHNhbXBsZSBub25jZQ",    // 16 bytes without padding
        "!!!!!!!!!!!!!!!!!!!!!!==",  // not base64
        "",
    })
    void rejectsInvalidKeyWith400(String key) throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + UPGRADE_HEADERS
                + "Sec-WebSocket-Key: " + key + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void answersUnknownPathWith404() throws IOException {
        String response = exchange(RawWsClient.upgradeRequest("/nowhere", port()));
        assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n");
    }

    // RFC 9110 section 15.5.22: a 426 response MUST carry an Upgrade header
    @Test
    void answersPlainGetOnRouteWith426() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
        assertThat(response).contains("\r\nUpgrade: websocket\r\n");
    }

    // RFC 6455 section 4.4: an unsupported version is answered with the versions the server speaks
    @Test
    void answersVersion8With426AndVersion13() throws IOException {
        String response = exchange("GET " + ECHO + " HTTP/1.1\r\n" + host() + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n" + KEY_HEADER + "Sec-WebSocket-Version: 8\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
        assertThat(response).contains("\r\nSec-WebSocket-Version: 13\r\n");
    }

    private static String filler(int bytes) {
        return "X-Filler: " + "a".repeat(bytes) + "\r\n";
    }

    // DESIGN: request head larger than the limit -> 431, close (RFC 6585 section 5)
    @Test
    void answersHeadOverDefaultLimitWith431() throws IOException {
        String response = exchange(RawWsClient.upgradeRequest(ECHO, port(), filler(9 * 1024)));
        assertThat(response).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void answersHeadOverConfiguredLimitWith431() throws IOException {
        startServer(config -> config.maxHandshakeSize(512));
        String response = exchange(RawWsClient.upgradeRequest(ECHO, port(), filler(600)));
        assertThat(response).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void closesWithoutResponseWhenHandshakeTimesOut() throws IOException {
        startServer(config -> config.handshakeTimeout(Duration.ofMillis(300)));
        try (RawWsClient client = connect()) {
            client.sendRaw("GET " + ECHO + " HTTP/1.1\r\n" + host()); // and never the rest
            client.setReadTimeout(5_000); // well below the 10 s default: the configured timeout acts
            assertThat(client.readUntilClosed()).as("response to an unfinished head").isEmpty();
        }
    }

    // A refused client that keeps its socket open is cut off by the close timeout, not the handshake's.
    @Test
    void closesRefusedConnectionAfterCloseTimeoutWhenClientStaysConnected() throws IOException {
        startServer(config -> config.handshakeTimeout(Duration.ofMinutes(1)).closeTimeout(Duration.ofMillis(300)));
        try (RawWsClient client = connect()) {
            client.sendRaw(RawWsClient.upgradeRequest("/nowhere", port()));
            client.setReadTimeout(5_000);
            String response = new String(client.readUntilClosed(), StandardCharsets.ISO_8859_1); // output shut down
            assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n");
            // The server reads and drops until its close timeout, then closes: a write is then reset.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> writeFails(client));
        }
    }

    private static boolean writeFails(RawWsClient client) {
        try {
            client.sendRaw("x");
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    // RFC 6455 section 10.2: a server checks Origin against cross-site WebSocket hijacking
    @Test
    void refusesForeignOriginWith403ByDefault() throws IOException {
        String response = exchange(RawWsClient.upgradeRequest(ECHO, port(), "Origin: http://evil.example\r\n"));
        assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void acceptsSameHostOriginByDefault() throws IOException {
        try (RawWsClient client = connect()) {
            client.sendRaw(RawWsClient.upgradeRequest(ECHO, port(), "Origin: http://127.0.0.1:1234\r\n"));
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        }
    }

    @Test
    void refusesOriginNotInConfiguredListWith403() throws IOException {
        startServer(config -> config.allowedOrigins("https://app.example.com"));
        String response = exchange(RawWsClient.upgradeRequest(ECHO, port(),
                "Origin: https://evil.example.com\r\n"));
        assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void acceptsOriginInConfiguredList() throws IOException {
        startServer(config -> config.allowedOrigins("https://app.example.com"));
        try (RawWsClient client = connect()) {
            client.sendRaw(RawWsClient.upgradeRequest(ECHO, port(), "Origin: https://app.example.com\r\n"));
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        }
    }

    @Test
    void answersInterceptorRefusalWithItsStatusHeadersAndMessage() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/secure", handler)
                .interceptor((request, attributes) -> HandshakeResult.reject(401, "log in first",
                        Map.of("WWW-Authenticate", "Bearer realm=\"ws\"")))
                .build()));
        String response = exchange(RawWsClient.upgradeRequest("/secure", port()));
        assertThat(response).startsWith("HTTP/1.1 401 Unauthorized\r\n");
        assertThat(response).contains("\r\nWWW-Authenticate: Bearer realm=\"ws\"\r\n");
        assertThat(response).endsWith("\r\n\r\nlog in first\n");
    }

    @Test
    void answersThrowingInterceptorWith500() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/broken", handler)
                .interceptor((request, attributes) -> {
                    throw new IllegalStateException("interceptor failed on purpose");
                })
                .build()));
        String response = exchange(RawWsClient.upgradeRequest("/broken", port()));
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(handler.opened).isEmpty();
    }

    // An interceptor that puts client input into a refusal's header must not let the client write
    // headers of its own (response splitting): the refusal is refused, and the client gets a 500.
    @Test
    void anInterceptorThatEchoesAHeaderWithALineBreakGets500NotASplitResponse() throws IOException {
        startServer(config -> config.route(WsRoute.builder("/echoing", handler)
                .interceptor((request, attributes) -> HandshakeResult.reject(401, "no",
                        Map.of("X-Asked", request.queryParam("ask"))))
                .build()));
        String response = exchange(RawWsClient.upgradeRequest("/echoing?ask=a%0D%0ASet-Cookie:%20x=1", port()));
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContain("Set-Cookie");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Content-Length", "content-type", "Connection", "Bad Name", ""})
    void aRefusalMayNotSetHeadersTheServerWritesOrNamesThatAreNoTokens(String name) {
        transport.assumePlain("no connection: HandshakeResult alone");
        assertThatThrownBy(() -> HandshakeResult.reject(403, "no", Map.of(name, "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalHeaderValueMayNotHoldControlCharacters() {
        transport.assumePlain("no connection: HandshakeResult alone");
        assertThatThrownBy(() -> HandshakeResult.reject(403, "no", Map.of("X-A", "a\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThat(HandshakeResult.reject(403, "no", Map.of("X-A", "a\tb")).headers()).containsEntry("X-A", "a\tb");
    }
}
