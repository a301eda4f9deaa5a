package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.CompressionConfig.ContextTakeover;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * permessage-deflate's negotiation on the engine's own port: the exact {@code Sec-WebSocket-Extensions}
 * of the 101, what the session reports, and the connection that goes on. Only the handshake: no
 * compressed frame is sent, and the messages are shorter than the smallest one the server compresses.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class CompressionNegotiationTest extends RawServerTest {
    private static final CompressionConfig ENABLED = CompressionConfig.builder().contextTakeover(ContextTakeover.ALLOWED)
            .build();

    private void startWith(CompressionConfig compression) {
        startServer(builder -> builder.compression(compression));
    }

    /** The 101's head for an upgrade request with these extra header lines. */
    private String handshake(RawWsClient client, String extraHeaders) throws IOException {
        client.sendRaw(RawWsClient.upgradeRequest(ECHO, port(), extraHeaders));
        return client.readResponseHead();
    }

    private static void assertEchoes(RawWsClient client) throws IOException {
        client.sendText("short");
        RawWsClient.Frame echo = readDataFrame(client);
        assertThat(echo.rsv()).as("RSV bits").isZero();
        assertThat(echo.text()).isEqualTo("short");
    }

    @Test
    void aRouteThatOptsOutIsNeverCompressed() throws IOException {
        startServer(builder -> builder.compression(ENABLED).route(WsRoute.builder("/secrets", handler)
                .compression(false).build()));
        try (RawWsClient client = connect()) {
            client.sendRaw(RawWsClient.upgradeRequest("/secrets", port(),
                    "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            String head = client.readResponseHead();

            assertThat(head).startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            assertThat(handler.onlySession().extensions()).isEmpty();
        }
    }

    @Test
    void chromiumsOfferIsAcceptedAndTheSessionSaysSo() throws IOException {
        startWith(ENABLED);
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

            assertThat(head).startsWith("HTTP/1.1 101 ").contains("\r\nSec-WebSocket-Extensions: permessage-deflate\r\n");
            assertEchoes(client);
            assertThat(handler.onlySession().extensions()).isEqualTo("permessage-deflate");
        }
    }

    @Test
    void theFirstHonourableOfferOfSeveralHeadersIsTheOnlyOneAnswered() throws IOException {
        startWith(ENABLED);
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: x-webkit-deflate-frame,"
                    + " permessage-deflate; server_max_window_bits=16\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                    + " server_max_window_bits=\"15\", permessage-deflate\r\n");

            assertThat(head).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                    + " server_max_window_bits=15\r\n");
            assertThat(head.split("Sec-WebSocket-Extensions", -1)).as("one header").hasSize(2);
            assertEchoes(client);
        }
    }

    @Test
    void noContextTakeoverIsAskedForBothWays() throws IOException {
        startWith(CompressionConfig.builder().contextTakeover(ContextTakeover.NONE).build());
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate\r\n");

            assertThat(head).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
                    + " client_no_context_takeover\r\n");
            assertEchoes(client);
        }
    }

    @Test
    void whenEveryOfferIsDeclinedTheConnectionGoesOnUncompressed() throws IOException {
        startWith(ENABLED);
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7,"
                    + " permessage-deflate; unknown, permessage-deflate; client_max_window_bits=16\r\n");

            assertThat(head).startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            assertEchoes(client);
            assertThat(handler.onlySession().extensions()).isEmpty();
        }
    }

    @Test
    void aHeaderThatDoesNotParseIsRefusedWith400() throws IOException {
        startWith(ENABLED);
        try (RawWsClient client = connect()) {
            client.sendRaw(RawWsClient.upgradeRequest(ECHO, port(),
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=\"15\r\n"));

            assertThat(client.readResponse()).startsWith("HTTP/1.1 400 ")
                    .contains("malformed Sec-WebSocket-Extensions header");
        }
    }

    @Test
    void disabledCompressionAnswersNoOfferAndReadsNoHeader() throws IOException {
        startWith(CompressionConfig.DISABLED);
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate;;\r\n");

            assertThat(head).startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            assertEchoes(client);
        }
    }

    @Test
    void theDefaultServerCompressesWithoutContextTakeover() throws IOException {
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

            assertThat(head).startsWith("HTTP/1.1 101 ").contains("\r\nSec-WebSocket-Extensions: permessage-deflate;"
                    + " server_no_context_takeover; client_no_context_takeover\r\n");
            assertEchoes(client);
        }
    }

    @Test
    void disabledCompressionDeclinesEveryOffer() throws IOException {
        startWith(CompressionConfig.DISABLED);
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate\r\n");

            assertThat(head).startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        }
    }

    @Test
    void anInterceptorThatDecidesLaterKeepsTheAgreement() throws IOException {
        startServer(builder -> builder.compression(ENABLED).interceptor((request, attributes) ->
                HandshakeResult.deferred(CompletableFuture.supplyAsync(HandshakeResult::accept))));
        try (RawWsClient client = connect()) {
            String head = handshake(client, "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n");

            assertThat(head).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n");
            assertEchoes(client);
        }
    }

    // The JDK's client offers no extension: the connection stays plain, and works.
    @Test
    void theJdkClientOffersNothingAndGetsAPlainConnection() {
        startWith(ENABLED);
        try (JdkWsClient client = transport.connectJdk(port(), ECHO)) {
            client.sendText("plain");

            assertThat(client.awaitText()).isEqualTo("plain");
            await().atMost(Duration.ofSeconds(10)).until(() -> !handler.opened.isEmpty());
            WsSession session = handler.onlySession();
            assertThat(session.extensions()).isEmpty();
            assertThat(session.handshake().header("Sec-WebSocket-Extensions")).isNull();
        }
    }
}
