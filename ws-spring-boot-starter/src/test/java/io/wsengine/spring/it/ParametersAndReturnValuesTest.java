package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeRequest;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;

/** Each parameter type an endpoint method may take, and each kind of return value, over a real connection. */
@SpringBootTest(classes = ParametersAndReturnValuesTest.App.class, properties = "ws.server.port=0")
class ParametersAndReturnValuesTest {

    record Echoed(String text, int length) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({NamedEndpoint.class, ItemEndpoint.class, BytesEndpoint.class, BufferEndpoint.class,
            BytesFromTextEndpoint.class, RecordEndpoint.class, VoidEndpoint.class, NullEndpoint.class,
            StageEndpoint.class, ClosingEndpoint.class, FailingEndpoint.class, PointEndpoint.class})
    static class App {
        /** The application's own conversion, found though there is no ConversionService bean. */
        @Bean
        Converter<String, Point> pointConverter() {
            return text -> {
                String[] xy = text.split(",");
                return new Point(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
            };
        }
    }

    record Point(int x, int y) {
    }

    @WsEndpoint("/points/{point}")
    static class PointEndpoint {
        @OnOpen
        String open(@PathParam("point") Point point) {
            return "x+y=" + (point.x() + point.y());
        }
    }

    @WsEndpoint("/params/{name}")
    static class NamedEndpoint {
        @OnOpen
        String open(WsSession session, HandshakeRequest request, @PathParam("name") String name) {
            return "open name=" + name + " q=" + request.queryParam("q") + " open=" + session.isOpen();
        }

        @OnTextMessage
        String text(String text, WsSession session) {
            return text + "@" + session.pathParams().get("name");
        }
    }

    @WsEndpoint("/items/{id}")
    static class ItemEndpoint {
        @OnOpen
        String open(@PathParam("id") long id) {
            return "id+1=" + (id + 1);
        }
    }

    @WsEndpoint("/binary/bytes")
    static class BytesEndpoint {
        @OnBinaryMessage
        byte[] reverse(byte[] data) {
            byte[] reversed = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                reversed[i] = data[data.length - 1 - i];
            }
            return reversed;
        }
    }

    @WsEndpoint("/binary/buffer")
    static class BufferEndpoint {
        @OnBinaryMessage
        ByteBuffer increment(ByteBuffer data) {
            ByteBuffer out = ByteBuffer.allocate(data.remaining());
            while (data.hasRemaining()) {
                out.put((byte) (data.get() + 1));
            }
            return out.flip();
        }
    }

    @WsEndpoint("/returns/bytes")
    static class BytesFromTextEndpoint {
        @OnTextMessage
        byte[] text(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    @WsEndpoint("/returns/record")
    static class RecordEndpoint {
        @OnTextMessage
        Echoed text(String text) {
            return new Echoed(text, text.length());
        }
    }

    @WsEndpoint("/returns/void")
    static class VoidEndpoint {
        @OnTextMessage
        void text(String text, WsSession session) {
            if (text.equals("explicit")) {
                session.sendText("sent explicitly");
            }
        }
    }

    @WsEndpoint("/returns/null")
    static class NullEndpoint {
        @OnTextMessage
        String text(String text) {
            return text.equals("null") ? null : "reply " + text;
        }
    }

    @WsEndpoint("/returns/stage")
    static class StageEndpoint {
        final CompletableFuture<Object> pending = new CompletableFuture<>();
        final CompletableFuture<Void> pendingReturned = new CompletableFuture<>();

        @OnTextMessage
        CompletionStage<Object> text(String text) {
            if (text.equals("later")) {
                pendingReturned.complete(null);
                return pending;
            }
            return CompletableFuture.completedFuture("now");
        }
    }

    @WsEndpoint("/closing")
    static class ClosingEndpoint {
        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();

        @OnClose
        void close(WsSession session, CloseStatus status) {
            closes.add(status);
        }
    }

    @WsEndpoint("/failing")
    static class FailingEndpoint {
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @OnTextMessage
        String text(String text) {
            throw new IllegalArgumentException("cannot take " + text);
        }

        @OnError
        void error(Throwable failure, WsSession session) {
            failures.add(failure);
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    StageEndpoint stageEndpoint;

    @Autowired
    ClosingEndpoint closingEndpoint;

    @Autowired
    FailingEndpoint failingEndpoint;

    @Test
    void onOpenReceivesSessionHandshakeRequestAndPathParamAndItsStringReturnIsSent() {
        try (TestClient client = TestClient.connect(port, "/params/ada?q=x%20y")) {
            assertThat(client.nextText()).isEqualTo("open name=ada q=x y open=true");
        }
    }

    @Test
    void pathParamIsPercentDecodedAsUtf8() {
        try (TestClient client = TestClient.connect(port, "/params/caf%C3%A9%20%E2%82%AC")) {
            assertThat(client.nextText()).isEqualTo("open name=café € q=null open=true");
        }
    }

    @Test
    void pathParamIsConvertedByTheApplicationsConverterBean() {
        try (TestClient client = TestClient.connect(port, "/points/3,4")) {
            assertThat(client.nextText()).isEqualTo("x+y=7");
        }
    }

    @Test
    void pathVariableThatDoesNotConvertIsRefusedWith400BeforeTheSessionOpens() {
        HttpResponse<?> refusal = TestClient.refusal(port, "/items/abc", Map.of());
        assertThat(refusal.statusCode()).isEqualTo(400);
        assertThat(String.valueOf(refusal.body())).contains("{id}", "'abc' is not a whole number")
                .doesNotContainIgnoringCase("long");
    }

    @Test
    void pathParamIsConvertedToLong() {
        try (TestClient client = TestClient.connect(port, "/items/41")) {
            assertThat(client.nextText()).isEqualTo("id+1=42");
        }
    }

    @Test
    void stringParameterReceivesTheTextAndStringReturnIsSentAsText() {
        try (TestClient client = TestClient.connect(port, "/params/bob")) {
            assertThat(client.nextText()).startsWith("open");
            client.send("héllo");
            assertThat(client.nextText()).isEqualTo("héllo@bob");
        }
    }

    @Test
    void byteArrayParameterAndReturnAreBinary() {
        try (TestClient client = TestClient.connect(port, "/binary/bytes")) {
            client.send(new byte[] {1, 2, 3, (byte) 0xff});
            assertThat(client.nextBinary()).containsExactly((byte) 0xff, 3, 2, 1);
            assertThat(client.texts()).isEmpty();
        }
    }

    @Test
    void byteBufferParameterAndReturnAreBinary() {
        try (TestClient client = TestClient.connect(port, "/binary/buffer")) {
            client.send(new byte[] {0, 10, 20});
            assertThat(client.nextBinary()).containsExactly(1, 11, 21);
        }
    }

    @Test
    void byteArrayReturnedForTextIsSentAsBinary() {
        try (TestClient client = TestClient.connect(port, "/returns/bytes")) {
            client.send("abc");
            assertThat(client.nextBinary()).containsExactly('a', 'b', 'c');
            assertThat(client.texts()).isEmpty();
        }
    }

    @Test
    void recordReturnIsSentAsJsonText() {
        try (TestClient client = TestClient.connect(port, "/returns/record")) {
            client.send("hi");
            assertThat(client.nextText()).isEqualTo("{\"text\":\"hi\",\"length\":2}");
        }
    }

    @Test
    void voidMethodSendsNothing() {
        try (TestClient client = TestClient.connect(port, "/returns/void")) {
            client.send("quiet").send("explicit");
            // Calls of one session run in order: had the first sent anything, it would come first.
            assertThat(client.nextText()).isEqualTo("sent explicitly");
        }
    }

    @Test
    void nullReturnSendsNothing() {
        try (TestClient client = TestClient.connect(port, "/returns/null")) {
            client.send("null").send("next");
            assertThat(client.nextText()).isEqualTo("reply next");
        }
    }

    @Test
    void completionStageIsSentWhenCompletedLaterFromAnotherThread() throws Exception {
        try (TestClient client = TestClient.connect(port, "/returns/stage")) {
            client.send("later");
            stageEndpoint.pendingReturned.get(10, TimeUnit.SECONDS);
            client.send("now");
            // The pending stage's value is not sent before it completes: the later reply overtakes it.
            assertThat(client.nextText()).isEqualTo("now");
            CompletableFuture.runAsync(() -> stageEndpoint.pending.complete(new Echoed("done", 4)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(client.nextText()).isEqualTo("{\"text\":\"done\",\"length\":4}");
        }
    }

    @Test
    void closeStatusParameterReceivesTheClientsCodeAndReason() throws Exception {
        closingEndpoint.closes.clear();
        try (TestClient client = TestClient.connect(port, "/closing")) {
            client.close(4001, "bye");
            assertThat(closingEndpoint.closes.poll(10, TimeUnit.SECONDS)).isEqualTo(new CloseStatus(4001, "bye"));
        }
    }

    @Test
    void throwableParameterReceivesWhatTheMethodThrew() throws Exception {
        failingEndpoint.failures.clear();
        try (TestClient client = TestClient.connect(port, "/failing")) {
            client.send("this");
            Throwable failure = failingEndpoint.failures.poll(10, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("cannot take this");
        }
    }
}
