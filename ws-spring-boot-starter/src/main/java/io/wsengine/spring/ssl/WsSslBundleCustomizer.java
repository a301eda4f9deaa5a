package io.wsengine.spring.ssl;

import io.wsengine.TlsConfig;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.WsServerConfigCustomizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Serves {@code wss://} with the SSL bundle that {@code ws.server.ssl.bundle} names: each time the
 * server starts, the bundle's {@link SslBundle#createSslContext() context}, its protocols and ciphers
 * where it sets them, and {@code ws.server.ssl.client-auth}. When the bundle is updated (Spring Boot
 * reloads a bundle with {@code reload-on-update} when its files change), the running server's new
 * TLS handshakes use the new context; open connections keep theirs.
 */
public class WsSslBundleCustomizer implements WsServerConfigCustomizer {
    private static final Log LOG = LogFactory.getLog(WsSslBundleCustomizer.class);
    private static final String BUNDLE = WsSslProperties.PREFIX + ".bundle";
    private static final String CLIENT_AUTH = WsSslProperties.PREFIX + ".client-auth";

    private final WsSslProperties properties;
    private final Supplier<SslBundles> bundles;
    private final Supplier<WsServer> runningServer;
    /** SslBundles cannot forget a handler: one registration serves every start of the server. */
    private final AtomicBoolean followingUpdates = new AtomicBoolean();

    /**
     * Creates the customizer; the auto-configuration defines one as a bean.
     *
     * @param properties    the {@code ws.server.ssl.*} settings
     * @param bundles       the application's SSL bundles, or a supplier of null when it has none
     * @param runningServer the running server, or null when it is not running, for bundle updates
     */
    public WsSslBundleCustomizer(WsSslProperties properties, Supplier<SslBundles> bundles,
                                 Supplier<WsServer> runningServer) {
        this.properties = properties;
        this.bundles = bundles;
        this.runningServer = runningServer;
    }

    /**
     * Sets the server's TLS from the bundle; does nothing when no bundle is named.
     *
     * @throws WsSslBundleException when the bundle does not exist, its keys cannot be read, its options
     *                              do not suit the engine, or client-auth is set without a bundle
     */
    @Override
    public void customize(WsServerConfig.Builder builder) {
        if (!properties.hasBundle()) {
            if (properties.clientAuth() != TlsConfig.ClientAuth.NONE) {
                // asking for client certificates on a plain server would silently protect nothing
                throw new WsSslBundleException(CLIENT_AUTH + "=" + lower(properties.clientAuth()) + " is set, but "
                        + BUNDLE + " is not: the WebSocket server would speak plain ws:// and see no certificate",
                        null, "Set " + BUNDLE + " to the SSL bundle to serve wss:// with, or remove " + CLIENT_AUTH
                        + ".", null);
            }
            return;
        }
        String name = properties.bundle();
        SslBundles registry = bundles.get();
        if (registry == null) {
            throw new WsSslBundleException(BUNDLE + " is '" + name + "', but the application has no SslBundles bean",
                    name, "Keep Spring Boot's SslAutoConfiguration (part of @SpringBootApplication and"
                    + " @EnableAutoConfiguration), or define an SslBundles bean.", null);
        }
        SslBundle bundle = bundle(registry, name);
        if (followingUpdates.compareAndSet(false, true)) {
            registry.addBundleUpdateHandler(name, this::updated);
        }
        builder.tls(tlsConfig(name, bundle));
    }

    private SslBundle bundle(SslBundles registry, String name) {
        try {
            return registry.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            List<String> defined = registry.getBundleNames();
            throw new WsSslBundleException(BUNDLE + " is '" + name + "', but there is no SSL bundle of that name ("
                    + (defined.isEmpty() ? "none is defined" : "defined: " + String.join(", ", defined)) + ")",
                    name, "Define the bundle under spring.ssl.bundle.jks." + name + ".* (a key store) or"
                    + " spring.ssl.bundle.pem." + name + ".* (PEM files), or set " + BUNDLE + " to a defined"
                    + " bundle. Without " + BUNDLE + " the WebSocket server speaks plain ws://.", e);
        }
    }

    private TlsConfig tlsConfig(String name, SslBundle bundle) {
        SSLContext context = context(name, bundle);
        TlsConfig.Builder tls = TlsConfig.builder(context).clientAuth(properties.clientAuth())
                .maxHandshakesPerLoop(properties.maxHandshakesPerLoop());
        if (properties.handshakeThreads() != null) {
            tls.handshakeThreads(properties.handshakeThreads());
        }
        SslOptions options = bundle.getOptions();
        String optionsAt = "spring.ssl.bundle.jks." + name + ".options (or .pem." + name + ".options)";
        try {
            if (options.getEnabledProtocols() != null) {
                tls.protocols(options.getEnabledProtocols());
            }
            if (options.getCiphers() != null) {
                tls.cipherSuites(options.getCiphers());
            }
            return tls.build();
        } catch (IllegalArgumentException e) {
            throw new WsSslBundleException(BUNDLE + " is '" + name + "', but the WebSocket server cannot use that"
                    + " bundle's TLS options: " + e.getMessage(), name, "In " + optionsAt + ", set enabled-protocols"
                    + " to TLSv1.2, TLSv1.3 or both, and ciphers to suites this JDK supports; or leave them unset for"
                    + " the JDK's defaults.", e);
        }
    }

    private static SSLContext context(String name, SslBundle bundle) {
        try {
            return bundle.createSslContext();
        } catch (RuntimeException e) { // Spring Boot reads the key store or PEM files only now
            throw new WsSslBundleException(BUNDLE + " is '" + name + "', but the keys of that SSL bundle cannot be"
                    + " read: " + reason(e), name, "Check spring.ssl.bundle.jks." + name + ".* (or .pem." + name
                    + ".*): that each file exists and this process may read it, the store type and password, and the"
                    + " key alias and password. Or set " + BUNDLE + " to another bundle.", e);
        }
    }

    /** Runs on Spring Boot's file watcher thread, after the bundle was reloaded. */
    private void updated(SslBundle bundle) {
        WsServer server = runningServer.get();
        if (server == null || !server.isRunning()) {
            return; // its next start reads the bundle anew
        }
        try {
            server.updateTls(bundle.createSslContext());
            LOG.info("SSL bundle '" + properties.bundle() + "' (" + BUNDLE + ") updated: new wss:// connections"
                    + " use it");
        } catch (RuntimeException e) {
            if (server.isRunning()) { // a failure of a server that stopped meanwhile says nothing
                LOG.error("SSL bundle '" + properties.bundle() + "' (" + BUNDLE + ") was updated, but cannot be used"
                        + " (" + reason(e) + "); the WebSocket server keeps the previous one", e);
            }
        }
    }

    /**
     * The failure's message and those of its causes that it does not repeat: Spring Boot's wrappers
     * name the file, the JDK's causes say what was wrong with it ("keystore password was incorrect").
     */
    private static String reason(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        List<String> causes = new ArrayList<>();
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && text.indexOf(message) < 0 && causes.stream().noneMatch(m -> m.contains(message))) {
                causes.add(message);
            }
        }
        return causes.isEmpty() ? text.toString() : text.append(" (").append(String.join("; ", causes)).append(')')
                .toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
