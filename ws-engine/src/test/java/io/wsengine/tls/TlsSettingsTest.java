package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wsengine.HandshakeResult;
import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.WsSession;
import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocols and cipher suites of a TlsConfig are those the connections speak, the application
 * sees what was negotiated, and a setting the engine cannot honour fails when it is set, naming it.
 */
class TlsSettingsTest {
    private static final SSLContext SERVER = TestCertificates.serverContext();
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    private final TestServers servers = new TestServers();
    private final RecordingHandler handler = RecordingHandler.echoing();
    /** The TLS session each upgrade request showed the interceptor. */
    private final BlockingQueue<Optional<SSLSession>> seenByInterceptor = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer start(TlsConfig.Builder tls) {
        return servers.start(TestServers.local()
                .tls(tls.build())
                .interceptor((request, attributes) -> {
                    seenByInterceptor.add(request.tlsSession());
                    return HandshakeResult.accept();
                })
                .route("/ws", handler));
    }

    /** Opens a session from an SSLSocket limited to {@code protocols} (none: its defaults) and echoes once. */
    private static RawWsClient open(int port, String... protocols) throws IOException {
        RawWsClient client = RawWsClient.connectTls(port, CLIENT, socket -> {
            if (protocols.length > 0) {
                socket.setEnabledProtocols(protocols);
            }
        });
        client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
        assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 ");
        client.sendText("hello");
        assertThat(client.readFrame().text()).isEqualTo("hello");
        return client;
    }

    private SSLSession interceptorsView() throws InterruptedException {
        Optional<SSLSession> seen = seenByInterceptor.poll(10, TimeUnit.SECONDS);
        assertThat(seen).as("the interceptor's view of the request").isNotNull().isPresent();
        return seen.get();
    }

    @ParameterizedTest(name = "server {0}, client {1}: {2}")
    @CsvSource({
            "default, default, TLSv1.3",
            "default, TLSv1.2, TLSv1.2",
            "TLSv1.2, default, TLSv1.2",
            "TLSv1.3, TLSv1.3, TLSv1.3"})
    void theSessionShowsTheNegotiatedProtocol(String serverProtocol, String clientProtocol, String negotiated)
            throws Exception {
        TlsConfig.Builder tls = TlsConfig.builder(SERVER);
        if (!serverProtocol.equals("default")) {
            tls.protocols(serverProtocol);
        }
        WsServer server = start(tls);
        try (RawWsClient client = clientProtocol.equals("default") ? open(server.port())
                : open(server.port(), clientProtocol)) {
            WsSession session = handler.awaitOpen();
            assertThat(session.tlsSession()).map(SSLSession::getProtocol).contains(negotiated);
            assertThat(interceptorsView().getProtocol()).isEqualTo(negotiated);
            assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isEqualTo(negotiated);
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @CsvSource({"TLSv1.2, TLSv1.3", "TLSv1.3, TLSv1.2"})
    void aClientWithoutAProtocolOfTheServersFailsTheHandshake(String serverProtocol, String clientProtocol) {
        WsServer server = start(TlsConfig.builder(SERVER).protocols(serverProtocol));

        Throwable failure = catchThrowable(() -> open(server.port(), clientProtocol).close());

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(handler.openedIds()).isEmpty();
    }

    @Test
    void theSessionUsesTheCipherSuiteSet() throws Exception {
        String suite = "TLS_AES_256_GCM_SHA384"; // not the JDK's first choice, TLS_AES_128_GCM_SHA256
        WsServer server = start(TlsConfig.builder(SERVER).cipherSuites(suite));
        try (RawWsClient client = open(server.port())) {
            assertThat(handler.awaitOpen().tlsSession()).map(SSLSession::getCipherSuite).contains(suite);
        }
    }

    // ---- checked when set

    static Stream<Arguments> invalidSettings() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Class<NullPointerException> npe = NullPointerException.class;
        return Stream.of(
                invalid("SSLv3", iae, "protocols: 'SSLv3'", b -> b.protocols("SSLv3")),
                invalid("TLSv1.1", iae, "protocols: 'TLSv1.1'", b -> b.protocols("TLSv1.2", "TLSv1.1")),
                invalid("no protocols", iae, "protocols may not be empty", b -> b.protocols()),
                invalid("null protocols", npe, "protocols", b -> b.protocols((String[]) null)),
                invalid("a null protocol", npe, "protocols", b -> b.protocols("TLSv1.3", null)),
                invalid("unknown suite", iae, "cipherSuites: 'TLS_NO_SUCH_SUITE'",
                        b -> b.cipherSuites("TLS_AES_128_GCM_SHA256", "TLS_NO_SUCH_SUITE")),
                invalid("no suites", iae, "cipherSuites may not be empty", b -> b.cipherSuites()),
                invalid("a null suite", npe, "cipherSuites", b -> b.cipherSuites((String) null)),
                invalid("null client auth", npe, "clientAuth", b -> b.clientAuth(null)),
                invalid("no handshakes", iae, "maxHandshakesPerLoop", b -> b.maxHandshakesPerLoop(0)),
                invalid("no task threads", iae, "handshakeThreads", b -> b.handshakeThreads(0)));
    }

    private static Arguments invalid(String name, Class<? extends Throwable> type, String message,
            Consumer<TlsConfig.Builder> setting) {
        return Arguments.of(Named.of(name, setting), type, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void anInvalidSettingFailsWhenSetAndNamesIt(Consumer<TlsConfig.Builder> setting, Class<? extends Throwable> type,
            String message) {
        assertThat(catchThrowable(() -> setting.accept(TlsConfig.builder(SERVER))))
                .isInstanceOf(type).hasMessageContaining(message);
    }

    @Test
    void theContextAndTheConfigurationAreRequired() {
        assertThat(catchThrowable(() -> TlsConfig.builder(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("context");
        assertThat(catchThrowable(() -> WsServerConfig.builder().tls(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tls");
    }
}
