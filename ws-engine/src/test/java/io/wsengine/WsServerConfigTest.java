package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder's defaults, as its Javadoc documents them, and its refusal of bad values. */
class WsServerConfigTest {
    private static final WsHandler HANDLER = new WsHandler() { };

    private static WsServerConfig.Builder withRoute() {
        return WsServerConfig.builder().route("/ws", HANDLER);
    }

    // ---- defaults

    @Test
    void defaultsAreAsDocumented() {
        WsServerConfig config = withRoute().build();

        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isZero();
        assertThat(config.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.backlog()).isEqualTo(1024);
        assertThat(config.tcpNoDelay()).isTrue();
        assertThat(config.maxHandshakeSize()).isEqualTo(8 * 1024);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxMessageSize()).isEqualTo(1024 * 1024);
        assertThat(config.maxFrameSize()).isEqualTo(1024 * 1024);
        assertThat(config.maxOutboundBuffer()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.idleTimeout()).isZero();
        assertThat(config.pingInterval()).isZero();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.interceptors()).isEmpty();
        assertThat(config.routes()).extracting(WsRoute::path).containsExactly("/ws");
        assertThat(config.hiddenHeaders()).containsExactly("Authorization", "Proxy-Authorization");
        assertThat(config.hiddenQueryParameters()).isEmpty();
        assertThat(config.hiddenSubprotocolMarkers()).isEmpty();
    }

    @Test
    void hiddenCredentialsAddToTheDefaults() {
        WsServerConfig config = withRoute().hideHeaders("X-Api-Key").hideQueryParameters("ticket")
                .hideSubprotocolAfter("wsengine.bearer").build();

        assertThat(config.hiddenHeaders()).containsExactly("Authorization", "Proxy-Authorization", "X-Api-Key");
        assertThat(config.hiddenQueryParameters()).containsExactly("ticket");
        assertThat(config.hiddenSubprotocolMarkers()).containsExactly("wsengine.bearer");
    }

    @Test
    void maxFrameSizeFollowsMaxMessageSizeUnlessSet() {
        assertThat(withRoute().maxMessageSize(4096).build().maxFrameSize()).isEqualTo(4096);
        assertThat(withRoute().maxMessageSize(4096).maxFrameSize(1000).build().maxFrameSize()).isEqualTo(1000);
    }

    @Test
    void listsAreCopiedAtBuild() {
        WsServerConfig.Builder builder = withRoute().allowedOrigins("https://a.example");
        WsServerConfig config = builder.build();

        builder.allowedOrigins("https://b.example").route("/other", HANDLER);

        assertThat(config.allowedOrigins()).containsExactly("https://a.example");
        assertThat(config.routes()).hasSize(1);
        assertThatThrownBy(() -> config.routes().add(WsRoute.of("/x", HANDLER)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bindAddressAcceptsLiterals() {
        assertThat(withRoute().bindAddress("127.0.0.1").build().bindAddress().isLoopbackAddress()).isTrue();
        assertThat(withRoute().bindAddress("::1").build().bindAddress().isLoopbackAddress()).isTrue();
    }

    // ---- bad values: each names its setting

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("port", b -> b.port(-1)),
                bad("port", b -> b.port(65536)),
                bad("port", b -> b.port(70000)),
                bad("eventLoops", b -> b.eventLoops(0)),
                bad("eventLoops", b -> b.eventLoops(-2)),
                bad("backlog", b -> b.backlog(0)),
                bad("maxHandshakeSize", b -> b.maxHandshakeSize(-1)),
                bad("maxHandshakeSize", b -> b.maxHandshakeSize(255)),
                bad("maxHandshakeSize", b -> b.maxHandshakeSize(1024 * 1024 + 1)),
                bad("handshakeTimeout", b -> b.handshakeTimeout(Duration.ZERO)),
                bad("handshakeTimeout", b -> b.handshakeTimeout(Duration.ofSeconds(-1))),
                bad("maxMessageSize", b -> b.maxMessageSize(0)),
                bad("maxMessageSize", b -> b.maxMessageSize(-1)),
                bad("maxMessageSize", b -> b.maxMessageSize(WsServerConfig.MAX_ARRAY_SIZE + 1)),
                bad("maxFrameSize", b -> b.maxFrameSize(-1)),
                bad("maxFrameSize", b -> b.maxFrameSize(124)),
                bad("maxFrameSize", b -> b.maxFrameSize(WsServerConfig.MAX_ARRAY_SIZE + 1)),
                bad("maxOutboundBuffer", b -> b.maxOutboundBuffer(-1)),
                bad("maxOutboundBuffer", b -> b.maxOutboundBuffer(1023)),
                bad("closeTimeout", b -> b.closeTimeout(Duration.ZERO)),
                bad("closeTimeout", b -> b.closeTimeout(Duration.ofMillis(-5))),
                bad("idleTimeout", b -> b.idleTimeout(Duration.ofSeconds(-1))),
                bad("pingInterval", b -> b.pingInterval(Duration.ofSeconds(-1))),
                bad("allowedOrigins", b -> b.allowedOrigins(" ")),
                bad("allowedOrigins", b -> b.allowedOrigins(Arrays.asList("https://ok.example", null))),
                bad("bindAddress", b -> b.bindAddress("[::1")),
                bad("hideHeaders", b -> b.hideHeaders("X Api")),
                bad("hideHeaders", b -> b.hideHeaders("")),
                bad("hideQueryParameters", b -> b.hideQueryParameters("")),
                bad("hideSubprotocolAfter", b -> b.hideSubprotocolAfter("a,b")));
    }

    private static Arguments bad(String setting, Consumer<WsServerConfig.Builder> setter) {
        return Arguments.of(setting, setter);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badValues")
    void rejectsBadValueNamingTheSetting(String setting, Consumer<WsServerConfig.Builder> setter) {
        WsServerConfig.Builder builder = withRoute();

        assertThatThrownBy(() -> setter.accept(builder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting);
    }

    @Test
    void rejectsNullDurationsNamingTheSetting() {
        assertThatThrownBy(() -> withRoute().closeTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> withRoute().idleTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("idleTimeout");
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        assertThatCode(() -> withRoute()
                .port(0).port(65535)
                .eventLoops(1).backlog(1)
                .maxHandshakeSize(256).maxHandshakeSize(1024 * 1024)
                .handshakeTimeout(Duration.ofNanos(1))
                .maxMessageSize(1).maxMessageSize(WsServerConfig.MAX_ARRAY_SIZE)
                .maxFrameSize(125).maxFrameSize(WsServerConfig.MAX_ARRAY_SIZE)
                .maxOutboundBuffer(1024)
                .closeTimeout(Duration.ofMillis(1))
                .idleTimeout(Duration.ZERO).pingInterval(Duration.ZERO)
                .build()).doesNotThrowAnyException();
    }

    @Test
    void rejectsAConfigWithoutRoutes() {
        assertThatThrownBy(() -> WsServerConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routes");
    }

    @Test
    void rejectsAFrameLimitAboveTheMessageLimit() {
        assertThatThrownBy(() -> withRoute().maxMessageSize(1000).maxFrameSize(1001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrameSize")
                .hasMessageContaining("maxMessageSize");
    }

    @Test
    void acceptsAFrameLimitEqualToTheMessageLimit() {
        assertThat(withRoute().maxMessageSize(1000).maxFrameSize(1000).build().maxFrameSize()).isEqualTo(1000);
    }

    @Test
    void rejectsAMessageLimitBelowAnExplicitFrameLimitWhateverTheOrder() {
        assertThatThrownBy(() -> withRoute().maxFrameSize(5000).maxMessageSize(4000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrameSize");
    }

    // The class Javadoc: "an invalid value fails at once", not first when the server starts.
    @Test
    void rejectsARouteTemplateWithoutLeadingSlashBeforeStart() {
        assertThatThrownBy(() -> WsServerConfig.builder().route("chat", HANDLER).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chat");
    }

    @Test
    void rejectsTwoRoutesForTheSamePathsBeforeStart() {
        assertThatThrownBy(() -> WsServerConfig.builder()
                .route("/chat/{room}", HANDLER)
                .route("/chat/{name}", HANDLER)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/chat/{room}")
                .hasMessageContaining("/chat/{name}");
    }

    // ---- routes

    @Test
    void routeRejectsBadSubprotocolNames() {
        for (String bad : List.of("", " ", "a,b", "a b")) {
            assertThatThrownBy(() -> WsRoute.builder("/ws", HANDLER).subprotocols(bad))
                    .as("subprotocol '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subprotocol");
        }
    }

    @Test
    void routeRejectsAMessageLimitOutOfRange() {
        assertThatThrownBy(() -> WsRoute.builder("/ws", HANDLER).maxMessageSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageSize");
    }

    @Test
    void routeDefaultsToTheServersMessageLimitAndNoSubprotocols() {
        WsRoute route = WsRoute.of("/ws", HANDLER);

        assertThat(route.maxMessageSize()).isEqualTo(-1);
        assertThat(route.subprotocols()).isEmpty();
        assertThat(route.interceptors()).isEmpty();
    }
}
