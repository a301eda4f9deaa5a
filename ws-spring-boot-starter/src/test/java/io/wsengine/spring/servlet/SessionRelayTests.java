package io.wsengine.spring.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.HostedConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionRelayTests {

    /** What a session was told, in order. */
    static final class Recorder implements HostedConnection {
        final List<String> signals = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void readable() {
            signals.add("readable");
        }

        @Override
        public void writable() {
            signals.add("writable");
        }

        @Override
        public void failed(Throwable failure) {
            signals.add("failed " + failure.getMessage());
        }

        @Override
        public Executor eventLoop() {
            return Runnable::run;
        }
    }

    @Test
    void signalsBeforeTheSessionIsKnownReachItWhenAttached() {
        SessionRelay relay = new SessionRelay();
        Recorder session = new Recorder();
        relay.readable();
        relay.writable();
        relay.readable();

        relay.attach(session);

        assertThat(session.signals).containsExactly("readable", "writable");
    }

    @Test
    void signalsAfterAttachGoStraightThrough() {
        SessionRelay relay = new SessionRelay();
        Recorder session = new Recorder();
        relay.attach(session);

        relay.writable();
        relay.readable();
        relay.failed(new IOException("gone"));

        assertThat(session.signals).containsExactly("writable", "readable", "failed gone");
    }

    @Test
    void aFailureBeforeAttachIsAllTheSessionHears() {
        SessionRelay relay = new SessionRelay();
        Recorder session = new Recorder();
        relay.readable();
        relay.failed(new IOException("reset"));

        relay.attach(session);

        assertThat(session.signals).containsExactly("failed reset");
    }

    @Test
    void noReadableIsLostWhenItRacesTheAttach() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            SessionRelay relay = new SessionRelay();
            Recorder session = new Recorder();
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Void> container = CompletableFuture.runAsync(() -> {
                awaitQuietly(start);
                relay.readable();
            });
            start.countDown();
            relay.attach(session);
            container.get(10, TimeUnit.SECONDS);

            assertThat(session.signals).as("round %d", round).contains("readable");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
