package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The {@code tls} profile: the page over https and the chat over wss:// on the same port and on the
 * engine's own, all with the one SSL bundle of the shipped demo certificate, which a client that
 * trusts it accepts for {@code localhost}.
 */
class TlsProfileTests extends TlsTestSupport {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalWsServerPort
    int wsPort;

    @Test
    void pageIsServedOverHttpsForLocalhost() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheDemoCertificate()).connectTimeout(TIMEOUT).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + webPort + "/"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("app.js");
    }

    @Test
    void chatSpeaksWssOnTheHttpsPortForLocalhost() throws Exception {
        assertThat(echoOverWss(webPort, "over wss on the https port")).isEqualTo("over wss on the https port");
    }

    @Test
    void chatSpeaksWssOnTheEnginesOwnPortForLocalhost() throws Exception {
        assertThat(echoOverWss(wsPort, "over wss")).isEqualTo("over wss");
    }

    /** Sends the text to {@code wss://localhost:<port>/echo}; returns what came back. */
    private static String echoOverWss(int port, String text) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheDemoCertificate()).connectTimeout(TIMEOUT).build();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("wss://localhost:" + port + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ws.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return echoed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            ws.abort();
        }
    }

    @Test
    void pageAndChatShowTheSameDemoCertificate() throws Exception {
        Certificate demo = demoCertificate();
        assertThat(certificateShownOn(webPort)).isEqualTo(demo);
        assertThat(certificateShownOn(wsPort)).isEqualTo(demo);
        assertThat(((X509Certificate) demo).getSubjectX500Principal().getName()).contains("demo only");
    }

    private static Certificate certificateShownOn(int port) throws Exception {
        SSLContext trusting = trustingTheDemoCertificate();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            try (SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                tls.startHandshake();
                return tls.getSession().getPeerCertificates()[0];
            }
        }
    }
}
