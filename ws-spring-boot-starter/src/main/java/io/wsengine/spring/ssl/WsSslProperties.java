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
 */
@ConfigurationProperties(WsSslProperties.PREFIX)
public record WsSslProperties(String bundle, @DefaultValue("none") TlsConfig.ClientAuth clientAuth) {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server.ssl";

    /** {@return whether a bundle is named, so that the server speaks {@code wss://}} */
    public boolean hasBundle() {
        return bundle != null && !bundle.isBlank();
    }
}
