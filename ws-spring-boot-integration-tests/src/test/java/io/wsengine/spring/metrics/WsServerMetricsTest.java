package io.wsengine.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.testing.TestClient;
import io.wsengine.testing.RawWsClient;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Exact counts after a scripted set of sessions on a running application: an echo closed by the
 * client, a message over the limit ({@code 1009}), a refused origin ({@code 403}), a connection
 * dropped without a close frame, an endpoint method that throws ({@code 1011}), and a paused session.
 */
class WsServerMetricsTest {
    private static final String CHAT = "/chat/{room}";
    private static ConfigurableApplicationContext context;
    private static MeterRegistry registry;
    private static int port;

    @Configuration(proxyBeanMethods = false)
    @Import({MetricsEndpoints.class, WsServerMetricsTest.Hold.class})
    @ImportAutoConfiguration({WsServerAutoConfiguration.class, WsMetricsAutoConfiguration.class}) // after the registry bean
    static class App {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** Holds its event loop (event-loop dispatch) until the test lets go: the loop then lags. */
    @WsEndpoint("/hold")
    static class Hold {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @OnTextMessage
        String text(String text) throws InterruptedException {
            RELEASE.await(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return text;
        }
    }

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("ws.server.port=0", "ws.server.address=127.0.0.1", "ws.server.dispatch=event-loop",
                        "ws.server.max-message-size=1KB", "ws.server.close-timeout=1s", "spring.main.banner-mode=off",
                        "ws.server.metrics.time-messages=true")
                .run();
        registry = context.getBean(MeterRegistry.class);
        port = Integer.parseInt(Objects.requireNonNull(context.getEnvironment().getProperty(LocalWsServerPort.PROPERTY)));
        script();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static void script() {
        try (TestClient echo = TestClient.connect(port, "/chat/lobby")) {
            echo.send("hello");
            assertThat(echo.nextText()).isEqualTo("hello");
            assertThat(echo.closeNormally().code()).isEqualTo(1000);
        }
        try (TestClient big = TestClient.connect(port, "/chat/kitchen")) {
            big.send("x".repeat(2048));
            assertThat(big.awaitClose().code()).isEqualTo(1009);
        }
        assertThat(TestClient.refusal(port, "/chat/lobby", Map.of("Origin", "http://evil.example")).statusCode())
                .isEqualTo(403);
        try (RawWsClient raw = RawWsClient.open(port, "/chat/lobby")) {
            await().atMost(TestClient.TIMEOUT).until(() -> count(WsMeterNames.SESSIONS_OPENED) == 3);
            raw.socket().setSoLinger(true, 0); // a reset, no close frame
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        try (TestClient failing = TestClient.connect(port, "/chat/attic")) {
            failing.send("fail");
            assertThat(failing.awaitClose().code()).isEqualTo(1011);
        }
        await().atMost(TestClient.TIMEOUT).until(() -> closed("1006", "connection") == 1 && active(CHAT) == 0);
    }

    @Test
    void sessionsOpenedAndClosedByCodeAndWhoClosedFirst() {
        assertThat(count(WsMeterNames.SESSIONS_OPENED)).isEqualTo(4);
        assertThat(closed("1000", "client")).isEqualTo(1);
        assertThat(closed("1009", "server")).isEqualTo(1);
        assertThat(closed("1006", "connection")).isEqualTo(1);
        assertThat(closed("1011", "server")).isEqualTo(1);
        assertThat(registry.get(WsMeterNames.SESSIONS_CLOSED).tag("endpoint", CHAT).counters()).hasSize(4);
        assertThat(active(CHAT)).isZero();
    }

    @Test
    void everyEventLoopHasItsLagGauges() {
        int loops = context.getBean(WsServerLifecycle.class).server().config().eventLoops();

        assertThat(registry.find(WsMeterNames.LOOP_LAG).gauges()).hasSize(loops);
        assertThat(registry.find(WsMeterNames.LOOP_LAG_MAX).gauges()).hasSize(loops);
        assertThat(registry.get(WsMeterNames.LOOP_LAG).tag("loop", "ws-loop-0").gauge().getId().getBaseUnit())
                .isEqualTo("seconds");
        try (TestClient client = TestClient.connect(port, "/hold")) {
            client.send("hold the loop");
            await().atMost(TestClient.TIMEOUT).until(() -> largest(WsMeterNames.LOOP_LAG) >= 0.3);
            Hold.RELEASE.countDown();
            assertThat(client.nextText()).isEqualTo("hold the loop");
        }
        assertThat(largest(WsMeterNames.LOOP_LAG_MAX)).as("the recent maximum remembers it").isGreaterThanOrEqualTo(0.3);
    }

    private static double largest(String gauge) {
        return registry.find(gauge).gauges().stream().mapToDouble(Gauge::value).max().orElseThrow();
    }

    @Test
    void refusedHandshakesByStatus() {
        assertThat(registry.get(WsMeterNames.HANDSHAKES_REFUSED).tag("status", "403").counter().count()).isEqualTo(1);
    }

    @Test
    void messagesAndBytesEachWayByTypeReadFromTheEnginesCounts() {
        // the 2 KiB message never became whole: it closed 1009 and is not counted as received
        assertThat(messages(WsMeterNames.MESSAGES_RECEIVED, "type", "text")).isEqualTo(2);
        assertThat(messages(WsMeterNames.BYTES_RECEIVED, "type", "text")).isEqualTo("hello".length() + "fail".length());
        assertThat(messages(WsMeterNames.MESSAGES_SENT, "type", "text")).isEqualTo(1);
        assertThat(messages(WsMeterNames.BYTES_SENT, "type", "text")).isEqualTo("hello".length());
        assertThat(messages(WsMeterNames.MESSAGES_RECEIVED, "type", "binary")).isZero();
        assertThat(messages(WsMeterNames.BYTES_SENT, "type", "binary")).isZero();
    }

    @Test
    void endpointMethodCallsAreTimedByKindAndOutcome() {
        assertThat(calls("open", "success")).isEqualTo(4);
        assertThat(calls("text", "success")).isEqualTo(1);
        assertThat(calls("text", "error")).isEqualTo(1);
        assertThat(calls("close", "success")).isEqualTo(4);
        assertThat(calls("error", "success")).isZero();
    }

    @Test
    void theTemplateIsTheTagNeverTheRequestedPath() {
        assertThat(registry.getMeters()).allSatisfy(meter -> {
            String endpoint = meter.getId().getTag("endpoint");
            if (endpoint != null) {
                assertThat(endpoint).isIn(CHAT, "/paused", "/hold");
            }
        });
        assertThat(registry.find(WsMeterNames.SESSIONS_OPENED).tag("endpoint", "/chat/lobby").meters()).isEmpty();
    }

    @Test
    void pausedSessionsAreCountedFromTheEventsAndLeaveWhenResumedOrClosed() {
        try (TestClient resumed = TestClient.connect(port, "/paused"); TestClient closed = TestClient.connect(port, "/paused")) {
            await().atMost(TestClient.TIMEOUT).until(() -> gauge(WsMeterNames.SESSIONS_PAUSED, "/paused") == 2);
            assertThat(gauge(WsMeterNames.BYTES_QUEUED, "/paused")).isZero();
            Iterator<WsSession> sessions = context.getBean(WsServerLifecycle.class).server().sessions("/paused").iterator();
            sessions.next().resumeReading();
            await().atMost(TestClient.TIMEOUT).until(() -> gauge(WsMeterNames.SESSIONS_PAUSED, "/paused") == 1);
            sessions.next().close(CloseStatus.NORMAL); // still paused: released at the close timeout
            await().atMost(TestClient.TIMEOUT).until(() -> gauge(WsMeterNames.SESSIONS_PAUSED, "/paused") == 0
                    && active("/paused") == 1);
        }
    }

    private static double count(String name) {
        return registry.get(name).tag("endpoint", CHAT).counter().count();
    }

    /** The message meters read the engine's counts when scraped: function counters. */
    private static double messages(String name, String tag, String value) {
        return registry.get(name).tag("endpoint", CHAT).tag(tag, value).functionCounter().count();
    }

    private static double count(String name, String tag, String value) {
        return registry.get(name).tag("endpoint", CHAT).tag(tag, value).counter().count();
    }

    private static double closed(String code, String closedBy) {
        return registry.find(WsMeterNames.SESSIONS_CLOSED).tag("endpoint", CHAT).tag("code", code)
                .tag("closed.by", closedBy).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double active(String template) {
        return gauge(WsMeterNames.SESSIONS_ACTIVE, template);
    }

    private static double gauge(String name, String template) {
        return registry.get(name).tag("endpoint", template).gauge().value();
    }

    private static long calls(String method, String outcome) {
        return registry.get(WsMeterNames.INVOCATIONS).tag("endpoint", CHAT).tag("method", method)
                .tag("outcome", outcome).timer().count();
    }

}
