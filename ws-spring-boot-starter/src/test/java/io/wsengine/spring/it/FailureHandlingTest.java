package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsMessageDecodingException;
import io.wsengine.spring.testing.TestClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** What a client sees when a message cannot be decoded or an endpoint method throws. */
@SpringBootTest(classes = FailureHandlingTest.App.class, properties = "ws.server.port=0")
class FailureHandlingTest {

    record Item(String name) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({DecodeHandledEndpoint.class, DecodeStrictEndpoint.class, HandledEndpoint.class,
            RethrowingEndpoint.class, UnhandledEndpoint.class, AsyncFailureEndpoint.class, NarrowOnErrorEndpoint.class})
    static class App {
    }

    @WsEndpoint("/decode/handled")
    static class DecodeHandledEndpoint {
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @OnTextMessage
        String text(Item item) {
            return "got " + item.name();
        }

        @OnError
        String error(Throwable failure) {
            failures.add(failure);
            return "could not read that";
        }
    }

    @WsEndpoint("/decode/strict")
    static class DecodeStrictEndpoint {
        @OnTextMessage
        String text(Item item) {
            return "got " + item.name();
        }
    }

    @WsEndpoint("/throw/handled")
    static class HandledEndpoint {
        @OnTextMessage
        String text(String text) {
            return echoOrThrow(text);
        }

        @OnError
        String error(WsSession session, IllegalStateException failure) {
            return "handled " + failure.getMessage();
        }
    }

    @WsEndpoint("/throw/rethrow")
    static class RethrowingEndpoint {
        @OnTextMessage
        String text(String text) {
            return echoOrThrow(text);
        }

        @OnError
        void error(Throwable failure) {
            throw new IllegalStateException("cannot handle " + failure.getMessage());
        }
    }

    @WsEndpoint("/throw/unhandled")
    static class UnhandledEndpoint {
        @OnTextMessage
        String text(String text) {
            return echoOrThrow(text);
        }
    }

    @WsEndpoint("/throw/async")
    static class AsyncFailureEndpoint {
        @OnTextMessage
        CompletionStage<String> text(String text) {
            return CompletableFuture.supplyAsync(() -> echoOrThrow(text));
        }
    }

    /** Its @OnError takes only IllegalStateException; the text method throws something else. */
    @WsEndpoint("/throw/narrow")
    static class NarrowOnErrorEndpoint {
        final BlockingQueue<String> errorCalls = new LinkedBlockingQueue<>();

        @OnTextMessage
        String text(String text) {
            throw new IllegalArgumentException("not for the narrow handler");
        }

        @OnError
        String error(IllegalStateException failure) {
            errorCalls.add(String.valueOf(failure));
            return "handled " + failure;
        }
    }

    static String echoOrThrow(String text) {
        if (text.equals("boom")) {
            throw new IllegalStateException("boom");
        }
        return "echo " + text;
    }

    @LocalWsServerPort
    int port;

    @Autowired
    DecodeHandledEndpoint decodeHandled;

    @Autowired
    NarrowOnErrorEndpoint narrowOnError;

    @Test
    void undecodableMessageReachesOnErrorAsDecodingExceptionNamingMethodAndType() throws Exception {
        decodeHandled.failures.clear();
        try (TestClient client = TestClient.connect(port, "/decode/handled")) {
            client.send("{\"name\": not json");
            assertThat(client.nextText()).isEqualTo("could not read that");
            Throwable failure = decodeHandled.failures.poll(10, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(WsMessageDecodingException.class)
                    .hasMessageContaining("DecodeHandledEndpoint.text(Item)")
                    .hasMessageContaining("into Item");
        }
    }

    @Test
    void sessionStaysOpenAfterAHandledDecodingFailure() {
        try (TestClient client = TestClient.connect(port, "/decode/handled")) {
            client.send("[1, 2]");
            assertThat(client.nextText()).isEqualTo("could not read that");
            client.send("{\"name\":\"tea\"}");
            assertThat(client.nextText()).isEqualTo("got tea");
        }
    }

    @Test
    void undecodableMessageWithoutOnErrorClosesWith1007() {
        try (TestClient client = TestClient.connect(port, "/decode/strict")) {
            client.send("not json");
            assertThat(client.awaitClose().code()).isEqualTo(1007);
        }
    }

    @Test
    void onErrorReturningNormallyKeepsTheSessionOpenAndItsReturnValueIsSent() {
        try (TestClient client = TestClient.connect(port, "/throw/handled")) {
            client.send("boom");
            assertThat(client.nextText()).isEqualTo("handled boom");
            client.send("still there?");
            assertThat(client.nextText()).isEqualTo("echo still there?");
        }
    }

    @Test
    void onErrorThatThrowsClosesWith1011() {
        try (TestClient client = TestClient.connect(port, "/throw/rethrow")) {
            client.send("boom");
            assertThat(client.awaitClose().code()).isEqualTo(1011);
        }
    }

    @Test
    void failureWithoutOnErrorClosesWith1011() {
        try (TestClient client = TestClient.connect(port, "/throw/unhandled")) {
            client.send("boom");
            assertThat(client.awaitClose().code()).isEqualTo(1011);
        }
    }

    @Test
    void otherSessionsAreUnaffectedWhenOneFails() {
        try (TestClient failing = TestClient.connect(port, "/throw/unhandled");
             TestClient bystander = TestClient.connect(port, "/throw/unhandled")) {
            failing.send("boom");
            assertThat(failing.awaitClose().code()).isEqualTo(1011);
            bystander.send("hello");
            assertThat(bystander.nextText()).isEqualTo("echo hello");
        }
    }

    @Test
    void failedCompletionStageWithoutOnErrorClosesWith1011() {
        try (TestClient client = TestClient.connect(port, "/throw/async")) {
            client.send("fine");
            assertThat(client.nextText()).isEqualTo("echo fine");
            client.send("boom");
            assertThat(client.awaitClose().code()).isEqualTo(1011);
        }
    }

    /**
     * An @OnError whose parameter is a narrower type than the failure does not handle it: the failure
     * takes the default path (close 1011), rather than reaching @OnError as null and being swallowed.
     */
    @Test
    void onErrorForANarrowerExceptionTypeDoesNotSwallowOtherFailures() {
        narrowOnError.errorCalls.clear();
        try (TestClient client = TestClient.connect(port, "/throw/narrow")) {
            client.send("anything");
            assertThat(client.awaitClose().code()).isEqualTo(1011);
            assertThat(narrowOnError.errorCalls).isEmpty();
        }
    }
}
