package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A handler that throws costs its own session, nothing else (DESIGN: "handler throws"). */
@ParameterizedClass
@EnumSource(TestTransport.class)
class HandlerFailureTest extends RawServerTest {

    // RFC 6455 section 7.4.1: 1011, "an unexpected condition that prevented it from fulfilling the request"
    @Test
    void reportsHandlerExceptionToOnErrorAndClosesWith1011() throws IOException {
        try (RawWsClient client = open()) {
            client.sendText(RecordingHandler.THROW);
            RawWsClient.Frame close = client.readClose();
            assertThat(close.closeCode()).isEqualTo(1011);
            assertThat(handler.errors).containsExactly(handler.failure);
            client.sendClose(1011, ""); // complete the close handshake: the server then closes TCP
            assertThat(client.readUntilClosed()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.closes.size() == 1);
        assertThat(handler.closes.values()).extracting(CloseStatus::code).containsExactly(1011);
    }

    @Test
    void keepsOtherSessionWorkingWhenOneHandlerThrows() throws IOException {
        try (RawWsClient failing = open(); RawWsClient other = open()) {
            failing.sendText(RecordingHandler.THROW);
            assertThat(failing.readClose().closeCode()).isEqualTo(1011);
            other.sendText("unaffected");
            RawWsClient.Frame echo = other.readFrame();
            assertThat(echo.opcode()).isEqualTo(0x1);
            assertThat(echo.text()).isEqualTo("unaffected");
        }
    }

    // WsHandler: an exception from any callback but onError reaches onError and closes the session 1011
    @Test
    void reportsOnOpenExceptionToOnErrorAndClosesWith1011() throws IOException {
        RuntimeException failure = new IllegalStateException("onOpen failed on purpose");
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        startServer(config -> config.route("/open-fails", new WsHandler() {
            @Override
            public void onOpen(WsSession session) {
                throw failure;
            }

            @Override
            public void onError(WsSession session, Throwable error) {
                errors.add(error);
            }
        }));
        try (RawWsClient client = open("/open-fails")) {
            assertThat(client.readClose().closeCode()).isEqualTo(1011);
            assertThat(errors).containsExactly(failure);
            client.sendClose(1011, "");
            assertThat(client.readUntilClosed()).isEmpty();
        }
    }
}
