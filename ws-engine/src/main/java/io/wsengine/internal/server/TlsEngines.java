package io.wsengine.internal.server;

import io.wsengine.TlsConfig;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Where a TLS server's connections get their {@link SSLEngine}s: from the settings in force, which
 * {@link #update} swaps while the server runs (new handshakes use the new context; open connections
 * keep the engine they have).
 */
final class TlsEngines {
    /** The settings and the parameters made from them, swapped together. */
    private record Current(TlsConfig config, SSLParameters parameters) {
    }

    private volatile Current current;

    TlsEngines(TlsConfig config) {
        this.current = new Current(config, config.sslParameters());
    }

    /** A server-side engine for one new connection. */
    SSLEngine newEngine() {
        Current now = current;
        SSLEngine engine = now.config().context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(now.parameters());
        return engine;
    }

    TlsConfig config() {
        return current.config();
    }

    /** Swaps the context; the protocols, cipher suites and client authentication stay. */
    void update(SSLContext context) {
        TlsConfig config = current.config().withContext(context);
        current = new Current(config, config.sslParameters());
    }
}
