package io.wsengine.spring.test;

import static io.wsengine.spring.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The test client against a real application: every way to send, await and assert, and how it fails. */
@SpringBootTest(classes = WsTestClientTest.App.class, properties = "ws.server.port=0")
@AutoConfigureWsTestClient
class WsTestClientTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({EchoEndpoint.class, GreetingEndpoint.class, HandshakeEndpoint.class, ClosingEndpoint.class,
            SilentEndpoint.class})
    static class App {
    }

    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String text(String text) {
            return text;
        }

        @OnBinaryMessage
        byte[] binary(byte[] data) {
            return data;
        }
    }

    record Greeting(String name) {
    }

    record Reply(String text, int length) {
    }

    @WsEndpoint("/greet")
    static class GreetingEndpoint {
        @OnTextMessage
        Reply greet(Greeting greeting) {
            return new Reply("hello " + greeting.name(), greeting.name().length());
        }
    }

    /** Tells the client what its handshake carried. */
    @WsEndpoint(value = "/handshake", subprotocols = {"v2", "v1"})
    static class HandshakeEndpoint {
        @OnOpen
        void open(WsSession session) {
            session.sendText("subprotocol=" + session.subprotocol()
                    + " x-test=" + session.handshake().headers().getOrDefault("x-test", List.of()));
        }
    }

    @WsEndpoint("/closing")
    static class ClosingEndpoint {
        @OnTextMessage
        void text(String text, WsSession session) {
            session.close(new CloseStatus(4000, text));
        }
    }

    @WsEndpoint("/silent")
    static class SilentEndpoint {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Autowired
    WsTestClient ws;

    @Test
    void sendsAndAwaitsText() {
        try (WsTestSession session = ws.connect("/echo")) {
            session.sendText("hello");

            assertThat(session.awaitText()).isEqualTo("hello");
        }
    }

    @Test
    void sendsAndAwaitsBinary() {
        try (WsTestSession session = ws.connect("/echo")) {
            session.sendBinary(new byte[] {1, 2, 3});

            assertThat(session.awaitBinary()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void sendsAndAwaitsJsonWithTheApplicationsMapper() {
        try (WsTestSession session = ws.connect("/greet")) {
            session.sendJson(new Greeting("Ada"));

            assertThat(session.awaitJson(Reply.class)).isEqualTo(new Reply("hello Ada", 3));
        }
    }

    @Test
    void offersSubprotocolsAndSendsHeaders() {
        try (WsTestSession session = ws.connect("/handshake", o -> o.subprotocols("v1", "v0").header("X-Test", "yes"))) {
            assertThat(session.subprotocol()).isEqualTo("v1");
            assertThat(session.awaitText()).isEqualTo("subprotocol=v1 x-test=[yes]");
        }
    }

    @Test
    void awaitsTheCloseWithItsCodeAndReason() {
        try (WsTestSession session = ws.connect("/closing")) {
            session.sendText("bye now");

            assertThat(session.awaitClose()).isEqualTo(new CloseStatus(4000, "bye now"));
        }
    }

    @Test
    void assertionsReadAsTheyCheck() {
        try (WsTestSession session = ws.connect("/echo")) {
            session.sendText("one").sendBinary(new byte[] {7}).sendText("three");

            assertThat(session).receivesText("one").receivesBinary(new byte[] {7})
                    .receivesTextThat(text -> assertThat(text).startsWith("th")).hasNoPendingMessages();
        }
        try (WsTestSession session = ws.connect("/greet")) {
            session.sendJson(new Greeting("Linus"));
            assertThat(session).receivesJson(Reply.class, reply -> assertThat(reply.length()).isEqualTo(5));
        }
        try (WsTestSession session = ws.connect("/closing")) {
            session.sendText("x");
            assertThat(session).closesWith(4000);
        }
    }

    @Test
    void aFailedAssertionSaysWhatCameInstead() {
        try (WsTestSession session = ws.connect("/echo")) {
            session.sendText("actual");

            assertThatThrownBy(() -> assertThat(session).receivesText("expected"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("expected").hasMessageContaining("actual")
                    .hasMessageContaining("/echo");
        }
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedAndWhere() {
        try (WsTestSession session = ws.connect("/silent").withTimeout(Duration.ofMillis(300))) {
            session.sendText("anyone?");

            assertThatThrownBy(session::awaitText).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no text message from ws://127.0.0.1:").hasMessageContaining("/silent")
                    .hasMessageContaining("PT0.3S");
            assertThatThrownBy(session::awaitClose).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out after PT0.3S awaiting the close of ws://127.0.0.1:");
        }
    }

    @Test
    void awaitingAMessageAfterTheServerClosedSaysSoAtOnce() {
        try (WsTestSession session = ws.connect("/closing")) {
            session.sendText("gone");

            assertThatThrownBy(session::awaitText).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the server closed").hasMessageContaining("4000");
        }
    }

    @Test
    void theWrongKindOfMessageIsNamed() {
        try (WsTestSession session = ws.connect("/echo")) {
            session.sendBinary(new byte[5]);

            assertThatThrownBy(session::awaitText).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a text message").hasMessageContaining("binary message of 5 bytes");
        }
    }

    @Test
    void aPathMustBeAbsolute() {
        assertThatThrownBy(() -> ws.connect("echo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
    }

    @Test
    void aRefusedHandshakeNamesTheUri() {
        assertThatThrownBy(() -> ws.connect("/nowhere")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nowhere");
    }
}
