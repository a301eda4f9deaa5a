package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WsSession#whenClosed()}: code outside the handler learns that a session has ended. */
class WhenClosedTest {
    private final CompletableFuture<WsSession> opened = new CompletableFuture<>();
    private final AtomicBoolean onCloseReturned = new AtomicBoolean();
    private WsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private void start() {
        server = new WsServer(TestServers.local().route("/", new WsHandler() {
            @Override
            public void onOpen(WsSession session) {
                opened.complete(session);
            }

            @Override
            public void onClose(WsSession session, CloseStatus status) {
                onCloseReturned.set(true);
            }
        }).build()).start();
    }

    @Test
    void completesAfterOnCloseWithItsStatus() throws Exception {
        start();
        try (RawWsClient client = RawWsClient.open(server.port(), "/")) {
            WsSession session = opened.get(5, TimeUnit.SECONDS);
            CompletionStage<CloseStatus> closed = session.whenClosed();
            CompletableFuture<Boolean> onCloseFirst = closed.thenApply(status -> onCloseReturned.get())
                    .toCompletableFuture();
            assertThat(onCloseFirst).isNotDone();

            client.sendClose(4000, "bye");

            assertThat(closed.toCompletableFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(4000);
            assertThat(onCloseFirst.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void isCompleteAlreadyWhenAskedForAfterTheEnd() throws Exception {
        start();
        WsSession session;
        try (RawWsClient client = RawWsClient.open(server.port(), "/")) {
            session = opened.get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).untilTrue(onCloseReturned);
        // Asked for only now, the first time: the session ended before any stage existed.
        await().atMost(Duration.ofSeconds(5)).until(() -> session.whenClosed().toCompletableFuture().isDone());
        assertThat(session.whenClosed().toCompletableFuture().get().code()).isEqualTo(1006);
    }

    @Test
    void cannotBeCompletedByItsCallers() throws Exception {
        start();
        try (RawWsClient client = RawWsClient.open(server.port(), "/")) {
            WsSession session = opened.get(5, TimeUnit.SECONDS);
            session.whenClosed().toCompletableFuture().complete(CloseStatus.NORMAL);
            assertThat(session.whenClosed().toCompletableFuture()).isNotDone();
        }
    }
}
