package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import io.wsengine.testing.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The close handshake both ways with the JDK's client (RFC 6455 sections 5.5.1, 7.1 and 7.4). */
@ParameterizedClass
@EnumSource(TestTransport.class)
class CloseIntegrationTest {
    @Parameter
    TestTransport transport;

    private final TestServers servers = new TestServers();
    private final List<JdkWsClient> clients = new ArrayList<>();
    private RecordingHandler handler;
    private int port;

    @BeforeEach
    void start() {
        handler = new RecordingHandler() {
            @Override
            public void onText(WsSession session, String text) {
                super.onText(session, text);
                if (text.equals("throw")) {
                    throw new IllegalStateException("the handler failed on purpose");
                }
                session.sendText(text);
            }
        };
        port = servers.start(transport.local().route("/ws", handler)).port();
    }

    @AfterEach
    void stop() {
        clients.forEach(JdkWsClient::close);
        servers.close();
    }

    private JdkWsClient connect() {
        JdkWsClient client = transport.connectJdk(port, "/ws");
        clients.add(client);
        return client;
    }

    @Test
    void clientCloseWith1000AndReasonReachesHandlerOnClose() {
        JdkWsClient client = connect();
        handler.awaitOpen();

        client.sendClose(1000, "bye");

        assertThat(handler.awaitClose().status()).isEqualTo(new CloseStatus(1000, "bye"));
    }

    @Test
    void clientCloseWithApplicationCode4000AndUnicodeReasonReachesHandlerOnClose() {
        JdkWsClient client = connect();
        handler.awaitOpen();

        client.sendClose(4000, "räumen 😀");

        assertThat(handler.awaitClose().status()).isEqualTo(new CloseStatus(4000, "räumen 😀"));
    }

    // Section 5.5.1: the endpoint answering a close "typically echos the status code it received".
    @Test
    void clientSeesItsCloseCodeEchoed() {
        JdkWsClient client = connect();

        client.sendClose(4000, "done here");

        assertThat(client.awaitClose().code()).isEqualTo(4000);
    }

    @Test
    void clientSeesNormalClosureEchoed() {
        JdkWsClient client = connect();

        client.sendClose(1000, "");

        assertThat(client.awaitClose().code()).isEqualTo(1000);
    }

    @Test
    void serverCloseCodeAndReasonReachTheClient() {
        JdkWsClient client = connect();
        WsSession session = handler.awaitOpen();

        session.close(CloseStatus.of(4001).withReason("room closed ✓"));

        assertThat(client.awaitClose()).isEqualTo(new JdkWsClient.Close(4001, "room closed ✓"));
    }

    @Test
    void serverGoingAwayReachesTheClient() {
        JdkWsClient client = connect();
        WsSession session = handler.awaitOpen();

        session.close(CloseStatus.GOING_AWAY.withReason("maintenance"));

        assertThat(client.awaitClose()).isEqualTo(new JdkWsClient.Close(1001, "maintenance"));
    }

    // Handler onClose reports the first close frame: here the server's own.
    @Test
    void handlerOnCloseReportsTheStatusTheServerSent() {
        connect();
        WsSession session = handler.awaitOpen();

        session.close(CloseStatus.of(4002).withReason("kicked"));

        RecordingHandler.Closed closed = handler.awaitClose();
        assertThat(closed.session()).isSameAs(session);
        assertThat(closed.status()).isEqualTo(new CloseStatus(4002, "kicked"));
    }

    @Test
    void closeFutureCompletesOnceTheCloseFrameIsWritten() {
        connect();
        WsSession session = handler.awaitOpen();

        CompletableFuture<Void> closed = session.close(CloseStatus.NORMAL);

        JdkWsClient.await(closed, "the close future");
        assertThat(closed).isCompleted();
    }

    @Test
    void sessionIsNotOpenRightAfterServerClose() {
        connect();
        WsSession session = handler.awaitOpen();
        assertThat(session.isOpen()).isTrue();

        session.close();

        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void sessionIsNotOpenInOnCloseAfterClientClose() {
        JdkWsClient client = connect();
        WsSession session = handler.awaitOpen();

        client.sendClose(1000, "");

        RecordingHandler.Closed closed = handler.awaitClose();
        assertThat(closed.openDuringOnClose()).isFalse();
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void sessionIsNotOpenAfterClientDisappears() {
        JdkWsClient client = connect();
        WsSession session = handler.awaitOpen();

        client.close(); // abort: no close frame

        assertThat(handler.awaitClose().openDuringOnClose()).isFalse();
        assertThat(session.isOpen()).isFalse();
    }

    // Section 7.1.5: the connection closed without a close frame is reported as 1006.
    @Test
    void connectionDroppedWithoutCloseFrameIsReportedAs1006() {
        JdkWsClient client = connect();
        handler.awaitOpen();

        client.close();

        assertThat(handler.awaitClose().status().code()).isEqualTo(1006);
    }

    @Test
    void secondCloseSendsNothingMore() {
        JdkWsClient client = connect();
        WsSession session = handler.awaitOpen();

        session.close(CloseStatus.of(4003).withReason("first"));
        session.close(CloseStatus.of(4004).withReason("second"));

        assertThat(client.awaitClose()).isEqualTo(new JdkWsClient.Close(4003, "first"));
        assertThat(handler.awaitClose().status()).isEqualTo(new CloseStatus(4003, "first"));
    }

    @Test
    void sendAfterCloseFailsWithSessionClosed() {
        connect();
        WsSession session = handler.awaitOpen();
        session.close();

        CompletableFuture<Void> sent = session.sendText("too late");

        assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WsSessionClosedException.class);
    }

    // Section 7.4.1: 1005 and 1006 are for reporting only; a reason takes at most 123 bytes.
    @Test
    void closeRefusesCodesThatMayNotBeSent() {
        connect();
        WsSession session = handler.awaitOpen();

        assertThatThrownBy(() -> session.close(CloseStatus.NO_STATUS_RECEIVED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1005");
        assertThatThrownBy(() -> session.close(CloseStatus.NORMAL.withReason("x".repeat(124))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123");
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void handlerExceptionClosesItsSessionWith1011AndLeavesOthersOpen() {
        JdkWsClient failing = connect();
        handler.awaitOpen();
        JdkWsClient bystander = connect();
        handler.awaitOpen();

        failing.sendText("throw");

        assertThat(failing.awaitClose().code()).isEqualTo(1011);
        assertThat(handler.errors()).singleElement().isInstanceOf(IllegalStateException.class);
        bystander.sendText("still here");
        assertThat(bystander.awaitText()).isEqualTo("still here");
    }

    @Test
    void onOpenAndOnCloseRunExactlyOncePerSessionWhateverEndsIt() {
        JdkWsClient clientCloses = connect();
        WsSession a = handler.awaitOpen();
        JdkWsClient serverCloses = connect();
        WsSession b = handler.awaitOpen();
        JdkWsClient bothClose = connect();
        WsSession c = handler.awaitOpen();
        JdkWsClient drops = connect();
        WsSession d = handler.awaitOpen();
        JdkWsClient fails = connect();
        WsSession e = handler.awaitOpen();
        connect(); // left open: the server's stop ends it
        WsSession f = handler.awaitOpen();

        clientCloses.sendClose(1000, "");
        b.close();
        c.close(CloseStatus.of(4010));
        bothClose.webSocket().sendClose(4011, "");
        drops.close();
        fails.sendText("throw");
        JdkWsClient.await(clientCloses.closed(), "the close of a");
        JdkWsClient.await(serverCloses.closed(), "the close of b");
        JdkWsClient.await(fails.closed(), "the close of e");
        await().atMost(Duration.ofSeconds(20)).until(() -> handler.totalCloseCalls() >= 5);
        servers.close(); // after stop returns, no callback can come

        for (WsSession session : List.of(a, b, c, d, e, f)) {
            assertThat(handler.openCalls(session.id())).as("onOpen of %s", session).isEqualTo(1);
            assertThat(handler.closeCalls(session.id())).as("onClose of %s", session).isEqualTo(1);
        }
        assertThat(handler.openedIds()).doesNotHaveDuplicates().hasSize(6);
    }
}
