package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.CloseStatus;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.testing.SilentClient;
import io.wsengine.spring.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Dead peers are found by default: every endpoint's sessions are pinged, and one whose client stops
 * answering is closed {@code 1006} once its pong is late; an endpoint may set its own timing. The
 * timing here comes from properties so that the test runs in seconds.
 */
@SpringBootTest(classes = DeadPeerEndpointTest.App.class, properties = {"ws.server.port=0",
        "ws.server.ping-interval=200ms", "ws.server.pong-timeout=300ms"})
class DeadPeerEndpointTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Watched.class, Patient.class})
    static class App {
    }

    /** Records how its sessions closed. */
    abstract static class Recording {
        final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();

        @OnTextMessage
        String echo(String text) {
            return text;
        }

        @OnClose
        void closed(CloseStatus status) {
            closes.add(status.code());
        }
    }

    @WsEndpoint("/watched")
    static class Watched extends Recording {
    }

    /** Waits for pongs without a bound, however the server is set. */
    @WsEndpoint(path = "/patient", pongTimeout = "0")
    static class Patient extends Recording {
    }

    @LocalWsServerPort
    int port;

    @Autowired
    Watched watched;

    @Autowired
    Patient patient;

    @Test
    void aClientThatStopsAnsweringIsClosed1006AndOneThatAnswersStays() throws Exception {
        try (SilentClient gone = SilentClient.connect(port, "/watched");
             TestClient alive = TestClient.connect(port, "/watched")) {
            assertThat(watched.closes.poll(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1006);
            alive.send("still here"); // the JDK's client answers the pings by itself
            assertThat(alive.nextText()).isEqualTo("still here");
        }
    }

    @Test
    void anEndpointCanTurnThePongTimeoutOff() throws Exception {
        try (SilentClient gone = SilentClient.connect(port, "/patient")) {
            await().during(Duration.ofSeconds(1)).atMost(BOUND).until(() -> patient.closes.isEmpty());
        }
    }

    @Test
    void theDefaultsFindADeadPeerWithinFortySeconds() {
        WsServerProperties defaults = new WsServerProperties();
        assertThat(defaults.getPingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.getPongTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
