package io.wsengine.spring.ssl;

import io.wsengine.TlsConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS of the WebSocket server, under {@code ws.server.ssl}: with a bundle set, the server speaks
 * {@code wss://} only, with the bundle's keys, trust, protocols and ciphers.
 *
 * @param bundle     Name of the SSL bundle (spring.ssl.bundle.jks.NAME or spring.ssl.bundle.pem.NAME) the
 *                   WebSocket server serves wss:// with: its key and certificate, its trust material (for
 *                   client certificates), and its enabled protocols and ciphers where it sets them. A bundle
 *                   with reload-on-update is followed: new connections use its new certificate without a
 *                   restart. Not set: plain ws://.
 * @param clientAuth Whether the WebSocket server asks clients for a certificate: none, want (asked for, a client
 *                   without one is still accepted) or need (a client without a certificate the bundle's trust
 *                   store trusts fails the TLS handshake). Needs ws.server.ssl.bundle.
 * @param maxHandshakesPerLoop TLS handshakes one event loop has in progress at a time; past it, new connections
 *                   wait their turn within the handshake timeout, so that a flood of handshakes cannot stall the
 *                   open sessions. At least 1.
 * @param handshakeThreads Threads, for the whole server, that run the TLS handshakes' key exchanges and signatures
 *                   off the event loops; not set: half the available processors, at least 1. At least 1.
 */
@ConfigurationProperties(WsSslProperties.PREFIX)
public record WsSslProperties(String bundle, @DefaultValue("none") TlsConfig.ClientAuth clientAuth,
                              @DefaultValue("16") int maxHandshakesPerLoop, Integer handshakeThreads) {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server.ssl";

    /**
     * Checks the counts when the properties are bound, so that a bad value fails start-up naming its property.
     *
     * @param bundle               the SSL bundle's name, or null for plain {@code ws://}
     * @param clientAuth           whether clients are asked for a certificate
     * @param maxHandshakesPerLoop TLS handshakes in progress per event loop, at least 1
     * @param handshakeThreads     threads for the handshakes' tasks, at least 1; null for the engine's default
     * @throws IllegalArgumentException if a count is less than 1
     */
    public WsSslProperties {
        if (maxHandshakesPerLoop < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-handshakes-per-loop must be at least 1, not "
                    + maxHandshakesPerLoop);
        }
        if (handshakeThreads != null && handshakeThreads < 1) {
            throw new IllegalArgumentException(PREFIX + ".handshake-threads must be at least 1, not " + handshakeThreads);
        }
    }

    /** {@return whether a bundle is named, so that the server speaks {@code wss://}} */
    public boolean hasBundle() {
        return bundle != null && !bundle.isBlank();
    }
}
