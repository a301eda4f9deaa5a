package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.OverflowPolicy;
import io.wsengine.WsServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** Every {@code ws.server.*} property binds, reaches the engine, and a bad value fails start-up naming it. */
class WsServerPropertiesBindingTests {

    @WsEndpoint("/echo")
    static class EchoEndpoint {
        @OnTextMessage
        String echo(String text) {
            return text;
        }
    }

    private static final String[] EVERY_PROPERTY = {
            "ws.server.enabled=true",
            "ws.server.port=0",
            "ws.server.address=127.0.0.1",
            "ws.server.event-loops=3",
            "ws.server.backlog=77",
            "ws.server.tcp-no-delay=false",
            "ws.server.max-handshake-size=16KB",
            "ws.server.handshake-timeout=250ms",
            "ws.server.max-message-size=2MB",
            "ws.server.max-frame-size=64KB",
            "ws.server.max-outbound-buffer=8MB",
            "ws.server.overflow-policy=pause-reading",
            "ws.server.close-timeout=3s",
            "ws.server.idle-timeout=2m",
            "ws.server.ping-interval=30s",
            "ws.server.allowed-origins=https://app.example.com,http://localhost:*",
            "ws.server.dispatch=event-loop",
            "ws.server.max-queued-messages=32",
            "ws.server.shutdown-grace=1500ms",
    };

    private final ApplicationContextRunner runner = runner().withBean(EchoEndpoint.class);

    @Test
    void everyPropertyBindsToWsServerProperties() {
        runner.withPropertyValues(EVERY_PROPERTY).run(context -> {
            assertThat(context).hasNotFailed();
            WsServerProperties properties = context.getBean(WsServerProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getPort()).isZero();
            assertThat(properties.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(properties.getEventLoops()).isEqualTo(3);
            assertThat(properties.getBacklog()).isEqualTo(77);
            assertThat(properties.isTcpNoDelay()).isFalse();
            assertThat(properties.getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(16));
            assertThat(properties.getHandshakeTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(2));
            assertThat(properties.getMaxFrameSize()).isEqualTo(DataSize.ofKilobytes(64));
            assertThat(properties.getMaxOutboundBuffer()).isEqualTo(DataSize.ofMegabytes(8));
            assertThat(properties.getOverflowPolicy()).isEqualTo(OverflowPolicy.PAUSE_READING);
            assertThat(properties.getCloseTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(properties.getPingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:*");
            assertThat(properties.getDispatch()).isEqualTo(WsServerProperties.Dispatch.EVENT_LOOP);
            assertThat(properties.getMaxQueuedMessages()).isEqualTo(32);
            assertThat(properties.getShutdownGrace()).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void everyEngineSettingReachesTheRunningServer() {
        runner.withPropertyValues(EVERY_PROPERTY).run(context -> {
            assertThat(context).hasNotFailed();
            WsServerLifecycle lifecycle = context.getBean(WsServerLifecycle.class);
            WsServerConfig config = lifecycle.server().config();
            assertThat(config.port()).isZero();
            assertThat(lifecycle.port()).isPositive();
            assertThat(config.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(config.eventLoops()).isEqualTo(3);
            assertThat(config.backlog()).isEqualTo(77);
            assertThat(config.tcpNoDelay()).isFalse();
            assertThat(config.maxHandshakeSize()).isEqualTo(16 * 1024);
            assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(config.maxMessageSize()).isEqualTo(2 * 1024 * 1024);
            assertThat(config.maxFrameSize()).isEqualTo(64 * 1024);
            assertThat(config.maxOutboundBuffer()).isEqualTo(8 * 1024 * 1024);
            assertThat(config.overflowPolicy()).isEqualTo(OverflowPolicy.PAUSE_READING);
            assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:*");
            assertThat(config.routes()).singleElement().satisfies(route -> assertThat(route.path()).isEqualTo("/echo"));
        });
    }

    @Test
    void allowedOriginsBindFromIndexedProperties() {
        runner.withPropertyValues("ws.server.allowed-origins[0]=https://a.example.com",
                "ws.server.allowed-origins[1]=https://*.b.example.com").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WsServerProperties.class).getAllowedOrigins())
                            .containsExactly("https://a.example.com", "https://*.b.example.com");
                });
    }

    @Test
    void dispatchBindsInUpperCaseToo() {
        runner.withPropertyValues("ws.server.dispatch=EVENT_LOOP").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WsServerProperties.class).getDispatch())
                    .isEqualTo(WsServerProperties.Dispatch.EVENT_LOOP);
        });
    }

    @Test
    void unsetPropertiesKeepTheirDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            WsServerProperties properties = context.getBean(WsServerProperties.class);
            assertThat(properties.getEventLoops()).isNull();
            assertThat(properties.getBacklog()).isEqualTo(1024);
            assertThat(properties.isTcpNoDelay()).isTrue();
            assertThat(properties.getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(8));
            assertThat(properties.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(properties.getMaxFrameSize()).isNull();
            assertThat(properties.getMaxOutboundBuffer()).isEqualTo(DataSize.ofMegabytes(4));
            assertThat(properties.getOverflowPolicy()).isEqualTo(OverflowPolicy.CLOSE);
            assertThat(properties.getCloseTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.getIdleTimeout()).isZero();
            assertThat(properties.getPingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getPongTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getAllowedOrigins()).isEmpty();
            assertThat(properties.getDispatch()).isEqualTo(WsServerProperties.Dispatch.EXECUTOR);
            assertThat(properties.getMaxQueuedMessages()).isEqualTo(256);
            assertThat(properties.getShutdownGrace()).isEqualTo(Duration.ofSeconds(5));
            WsServerConfig config = context.getBean(WsServerLifecycle.class).server().config();
            assertThat(config.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(config.maxFrameSize()).isEqualTo(1024 * 1024);
        });
    }

    // --- invalid values fail start-up, naming the property

    /**
     * Start-up fails, the reason is given, and the property is named by its full key: in a message, or
     * as the {@link BindException}'s property (which Spring Boot's failure report prints as
     * {@code Property: ws.server.port}).
     */
    private void assertStartupFailsNaming(String property, String reason, String... values) {
        WsContextTestSupport.assertStartupFailsNaming(runner, property, reason, values);
    }


    @Test
    void rejectsPortAbove65535() {
        assertStartupFailsNaming("ws.server.port", "0-65535", "ws.server.port=70000");
    }

    @Test
    void rejectsNegativePort() {
        assertStartupFailsNaming("ws.server.port", "0-65535", "ws.server.port=-1");
    }

    @Test
    void rejectsNegativeMaxMessageSize() {
        assertStartupFailsNaming("ws.server.max-message-size", "max-message-size must be", "ws.server.max-message-size=-1B");
    }

    @Test
    void rejectsMaxOutboundBufferBelow1KB() {
        assertStartupFailsNaming("ws.server.max-outbound-buffer", "at least 1KB", "ws.server.max-outbound-buffer=10B");
    }

    @Test
    void rejectsAnUnknownOverflowPolicy() {
        assertStartupFailsNaming("ws.server.overflow-policy", "OverflowPolicy", "ws.server.overflow-policy=block");
    }

    @Test
    void rejectsZeroHandshakeTimeout() {
        assertStartupFailsNaming("ws.server.handshake-timeout", "must be positive", "ws.server.handshake-timeout=0s");
    }

    @Test
    void rejectsNegativeIdleTimeout() {
        assertStartupFailsNaming("ws.server.idle-timeout", "may not be negative", "ws.server.idle-timeout=-1s");
    }

    @Test
    void rejectsZeroEventLoops() {
        assertStartupFailsNaming("ws.server.event-loops", "at least 1", "ws.server.event-loops=0");
    }

    @Test
    void rejectsZeroMaxQueuedMessages() {
        assertStartupFailsNaming("ws.server.max-queued-messages", "at least 1", "ws.server.max-queued-messages=0");
    }

    @Test
    void rejectsMaxFrameSizeAboveMaxMessageSize() {
        assertStartupFailsNaming("ws.server.max-frame-size", "may not exceed", "ws.server.max-message-size=64KB",
                "ws.server.max-frame-size=128KB");
    }

    @Test
    void rejectsABlankAllowedOrigin() {
        assertStartupFailsNaming("ws.server.allowed-origins", "blank", "ws.server.allowed-origins[0]=https://a.example.com",
                "ws.server.allowed-origins[1]= ");
    }

    @Test
    void rejectsABlankEntryInACommaSeparatedAllowedOrigins() {
        assertStartupFailsNaming("ws.server.allowed-origins", "blank", "ws.server.allowed-origins=https://a.example.com, ,http://b");
    }

    @Test
    void namesTheBadPropertyAmongManyGoodOnes() {
        String[] values = Arrays.copyOf(EVERY_PROPERTY, EVERY_PROPERTY.length + 1);
        values[values.length - 1] = "ws.server.max-queued-messages=0";
        assertStartupFailsNaming("ws.server.max-queued-messages", "at least 1", values);
    }
}
