package io.wsengine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.EchoServer;
import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.testing.JdkWsClient;
import io.wsengine.testing.TestCertificates;
import io.wsengine.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsEchoTest {
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private WsServer echoServer() {
        return servers.start(TestServers.local()
                .tls(TlsConfig.builder(TestCertificates.serverContext()).build())
                .route("/echo", new EchoServer.EchoHandler()));
    }

    @Test
    void echoesTextAndBinaryOverWss() {
        WsServer server = echoServer();
        try (JdkWsClient client = JdkWsClient.connectTls(server.port(), "/echo", TestCertificates.clientContext())) {
            client.sendText("hello over TLS");
            assertThat(client.awaitText()).isEqualTo("hello over TLS");
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            client.sendBinary(big);
            assertThat(client.awaitBinary()).isEqualTo(big);
            client.sendClose(1000, "bye");
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
    }
}
