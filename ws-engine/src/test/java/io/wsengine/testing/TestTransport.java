package io.wsengine.testing;

import io.wsengine.TlsConfig;
import io.wsengine.WsServerConfig;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;

/**
 * What carries a test's connections: plain TCP ({@code ws://}) or TLS ({@code wss://}). Framing,
 * limits and close codes must hold alike on both, so integration tests take one as the parameter of
 * their class ({@code @ParameterizedClass @EnumSource(TestTransport.class)}) and start servers and
 * clients only through it. The TLS contexts are made once per JVM, on first use.
 */
public enum TestTransport {
    PLAIN,
    TLS;

    /** {@return a builder bound to the loopback address and port 0, serving over this transport} */
    public WsServerConfig.Builder local() {
        WsServerConfig.Builder builder = TestServers.local();
        return this == TLS ? builder.tls(TlsConfig.builder(Contexts.SERVER).build()) : builder;
    }

    /** A raw client, connected (and past the TLS handshake, on TLS), before the WebSocket handshake. */
    public RawWsClient connectRaw(int port) throws IOException {
        return this == TLS ? RawWsClient.connectTls(port, Contexts.CLIENT) : RawWsClient.connect(port);
    }

    /** A raw client past a valid WebSocket handshake on {@code path}. */
    public RawWsClient openRaw(int port, String path) throws IOException {
        return this == TLS ? RawWsClient.openTls(port, path, Contexts.CLIENT) : RawWsClient.open(port, path);
    }

    /** Like {@link #openRaw(int, String)}, applying {@code setup} to the TCP socket before it connects. */
    public RawWsClient openRaw(int port, String path, RawWsClient.SocketSetup setup) throws IOException {
        return this == TLS
                ? RawWsClient.openTls(port, path, Contexts.CLIENT, setup)
                : RawWsClient.open(port, path, setup);
    }

    /** The JDK's client, open on {@code path} (which may hold a query). */
    public JdkWsClient connectJdk(int port, String path) {
        return this == TLS ? JdkWsClient.connectTls(port, path, Contexts.CLIENT) : JdkWsClient.connect(port, path);
    }

    /**
     * Skips the running test on TLS: for a test of a class that runs on both that opens no connection,
     * or whose point no transport changes. {@code why} says which, in the test report.
     */
    public void assumePlain(String why) {
        Assumptions.assumeTrue(this == PLAIN, why);
    }

    /** Made on first use only: keytool runs only in a JVM that has TLS tests. */
    private static final class Contexts {
        static final SSLContext SERVER = TestCertificates.serverContext();
        static final SSLContext CLIENT = TestCertificates.clientContext();
    }
}
