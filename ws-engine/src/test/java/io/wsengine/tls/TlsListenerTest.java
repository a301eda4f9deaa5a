package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsServerListener;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.RecordingHandler;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS handshakes reach the listener: completed with their protocol, and failed. */
class TlsListenerTest {
    private final TestServers servers = new TestServers();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void completedAndFailedHandshakesAreReported() throws Exception {
        WsServer server = servers.start(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/echo", RecordingHandler.echoing())
                .listener(new WsServerListener() {
                    @Override
                    public void tlsHandshakeCompleted(String protocol) {
                        events.add("completed " + protocol);
                    }

                    @Override
                    public void tlsHandshakeFailed() {
                        events.add("failed");
                    }
                }));
        try (JdkWsClient client = JdkWsClient.connectTls(server.port(), "/echo", TestCertificates.clientContext())) {
            client.sendText("hi");
            assertThat(client.awaitText()).isEqualTo("hi");
        }
        assertThat(events).hasSize(1).allMatch(event -> event.startsWith("completed TLSv1."));

        try (Socket plain = new Socket("127.0.0.1", server.port())) { // plain HTTP to a wss:// port
            OutputStream out = plain.getOutputStream();
            out.write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(15)).until(() -> events.contains("failed"));
        }
    }
}
