package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each event loop's lag (how late its 100 ms tick runs) and liveness, and what a stop had to cut. */
class LoopStatusTest {
    private final TestServers servers = new TestServers();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        servers.close();
    }

    @Test
    void everyLoopIsAliveAndOnTimeWhenIdle() {
        WsServer server = servers.start(TestServers.local().eventLoops(2).route("/echo", RecordingHandler.echoing()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.loopStatuses())
                .extracting(LoopStatus::name).containsExactly("ws-loop-0", "ws-loop-1"));
        assertThat(server.loopStatuses()).allSatisfy(status -> {
            assertThat(status.alive()).isTrue();
            assertThat(status.lag()).isLessThan(Duration.ofSeconds(1));
        });
    }

    @Test
    void lagGrowsWhileAHandlerBlocksItsLoopAndFallsBackAfter() throws Exception {
        WsServer server = servers.start(TestServers.local().eventLoops(1).route("/block", new RecordingHandler() {
            @Override
            public void onText(WsSession session, String text) {
                try {
                    release.await(20, TimeUnit.SECONDS); // holds the loop: the thing measured
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/block")) {
            client.sendText("block");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.loopStatuses().get(0).lag()).isGreaterThan(Duration.ofMillis(500)));
            assertThat(server.loopStatuses().get(0).alive()).as("late is not stuck").isTrue();

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.loopStatuses().get(0).lag()).isLessThan(Duration.ofMillis(200)));
            assertThat(server.loopStatuses().get(0).recentMaxLag()).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void aLoopWhoseThreadEndedIsNotAlive() throws Exception {
        // An Error from the listener on a loop ends that loop's thread (the loop catches only exceptions there).
        WsServer server = servers.start(TestServers.local().eventLoops(2).route("/x", new RecordingHandler())
                .listener(new WsServerListener() {
                    @Override
                    public void sessionOpened(WsSession session) {
                        throw new LoopKiller();
                    }
                }));
        try (RawWsClient client = RawWsClient.connect(server.port())) {
            // the 101 may or may not leave before the loop ends: the client waits for nothing
            client.sendRaw(RawWsClient.upgradeRequest("/x", server.port()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.loopStatuses()).extracting(LoopStatus::alive).contains(false));
        }
    }


    /** Thrown to end a loop's thread. */
    static final class LoopKiller extends Error {
        LoopKiller() {
            super("a loop's thread ends here, on purpose", null, false, false);
        }
    }

    @Test
    void stopCountsTheConnectionsItCutWhenTheGraceEnded() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        WsServer server = new WsServer(TestServers.local().route("/x", handler).build()).start();
        try (RawWsClient silent = RawWsClient.open(server.port(), "/x")) { // never answers the 1001
            handler.awaitOpen();
            assertThat(server.stop(Duration.ofMillis(200))).isEqualTo(1);
        }
        assertThat(server.stop(Duration.ZERO)).as("again: nothing more").isZero();
        assertThat(server.loopStatuses()).isEmpty();
    }

    @Test
    void stopCutsNothingWhenEverySessionClosedInTime() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        WsServer server = new WsServer(TestServers.local().route("/x", handler).build()).start();
        try (JdkWsClient client = JdkWsClient.connect(server.port(), "/x")) { // answers the 1001
            handler.awaitOpen();
            assertThat(server.stop(Duration.ofSeconds(10))).isZero();
        }
    }
}
