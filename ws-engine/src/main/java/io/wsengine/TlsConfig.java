package io.wsengine;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS for a {@link WsServer}: the server then speaks {@code wss://} only. Built with
 * {@link #builder(SSLContext)}; each setting is checked against the context when it is set, and an
 * invalid one fails at once with an {@link IllegalArgumentException} naming it. Immutable.
 *
 * <p>The engine speaks TLS 1.2 and TLS 1.3. It refuses TLS 1.2 renegotiation (the connection is
 * closed), sends {@code close_notify} when it closes a connection, and treats a received
 * {@code close_notify} as the end of the peer's input.
 */
public final class TlsConfig {
    /** The protocols the engine speaks; anything older is refused when set. */
    private static final Set<String> SPOKEN = Set.of("TLSv1.2", "TLSv1.3");

    /** Whether the server asks for a client certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for (the default). */
        NONE,
        /** A client certificate is asked for; a client without one is still accepted. */
        WANT,
        /** A client without a valid certificate fails the TLS handshake. */
        NEED
    }

    private final SSLContext context;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final ClientAuth clientAuth;
    private final int maxHandshakesPerLoop;
    private final int handshakeThreads;

    private TlsConfig(Builder b) {
        this(b.context, b.protocols, b.cipherSuites, b.clientAuth, b.maxHandshakesPerLoop, b.handshakeThreads);
    }

    private TlsConfig(SSLContext context, List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth,
            int maxHandshakesPerLoop, int handshakeThreads) {
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.clientAuth = clientAuth;
        this.maxHandshakesPerLoop = maxHandshakesPerLoop;
        this.handshakeThreads = handshakeThreads;
    }

    /**
     * A builder with every setting but the context at its default.
     *
     * @param context the keys and trust to use, such as one made from a PKCS12 key store
     * @return the builder
     * @throws NullPointerException if {@code context} is null
     */
    public static Builder builder(SSLContext context) {
        return new Builder(Objects.requireNonNull(context, "context"));
    }

    /** {@return the SSL context new connections' TLS engines come from} */
    public SSLContext context() { return context; }

    /** {@return the enabled protocols; empty for those of TLS 1.2 and 1.3 that the context enables by default} */
    public List<String> protocols() { return protocols; }

    /** {@return the enabled cipher suites; empty for the context's defaults} */
    public List<String> cipherSuites() { return cipherSuites; }

    /** {@return whether a client certificate is asked for} */
    public ClientAuth clientAuth() { return clientAuth; }

    /** {@return how many TLS handshakes one event loop runs at a time} */
    public int maxHandshakesPerLoop() { return maxHandshakesPerLoop; }

    /** {@return how many threads run the TLS handshakes' key exchanges and signatures, for the whole server} */
    public int handshakeThreads() { return handshakeThreads; }

    /**
     * The same settings with another context, for {@link WsServer#updateTls(SSLContext)}.
     *
     * @param newContext the new context
     * @return the new configuration
     * @throws IllegalArgumentException if the new context does not support the protocols or cipher
     *                                  suites set, or enables neither TLS 1.2 nor 1.3 when none are set
     * @throws NullPointerException     if {@code newContext} is null
     */
    public TlsConfig withContext(SSLContext newContext) {
        Objects.requireNonNull(newContext, "context");
        Builder.supported("protocols", protocols, newContext.getSupportedSSLParameters().getProtocols());
        Builder.supported("cipherSuites", cipherSuites, newContext.getSupportedSSLParameters().getCipherSuites());
        return checked(new TlsConfig(newContext, protocols, cipherSuites, clientAuth, maxHandshakesPerLoop,
                handshakeThreads));
    }

    private static TlsConfig checked(TlsConfig config) {
        if (config.sslParameters().getProtocols().length == 0) {
            throw new IllegalArgumentException("the SSL context (" + config.context.getProtocol()
                    + ") enables neither TLSv1.2 nor TLSv1.3 by default: set protocols(...)");
        }
        return config;
    }

    @Override
    public String toString() {
        return "TlsConfig[protocol " + context.getProtocol() + ", protocols " + (protocols.isEmpty() ? "default" : protocols)
                + ", cipher suites " + (cipherSuites.isEmpty() ? "default" : cipherSuites.size())
                + ", client auth " + clientAuth + "]";
    }

    /** TLS settings with their defaults. Each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private final SSLContext context;
        private List<String> protocols = List.of();
        private List<String> cipherSuites = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private int maxHandshakesPerLoop = 16;
        private int handshakeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

        private Builder(SSLContext context) {
            this.context = context;
        }

        /**
         * The protocols to enable; default those of TLS 1.2 and 1.3 that the context enables.
         *
         * @param names {@code TLSv1.2}, {@code TLSv1.3} or both
         * @return this builder
         * @throws IllegalArgumentException if empty, or a name is not TLS 1.2 or 1.3 or not supported by the context
         */
        public Builder protocols(String... names) {
            List<String> list = nonEmpty("protocols", names);
            for (String name : list) {
                if (!SPOKEN.contains(name)) {
                    throw new IllegalArgumentException("protocols: '" + name + "' is not one the engine speaks; use "
                            + "TLSv1.2, TLSv1.3 or both");
                }
            }
            this.protocols = supported("protocols", list, context.getSupportedSSLParameters().getProtocols());
            return this;
        }

        /**
         * The cipher suites to enable, in order of preference; default the context's.
         *
         * @param names standard names, such as {@code TLS_AES_128_GCM_SHA256}
         * @return this builder
         * @throws IllegalArgumentException if empty, or a suite is not supported by the context
         */
        public Builder cipherSuites(String... names) {
            this.cipherSuites = supported("cipherSuites", nonEmpty("cipherSuites", names),
                    context.getSupportedSSLParameters().getCipherSuites());
            return this;
        }

        /**
         * Whether to ask for a client certificate; default {@link ClientAuth#NONE}. The certificates
         * a client presents are trusted by the context's trust managers, and the application reads
         * them from {@link HandshakeRequest#tlsSession()} and {@link WsSession#tlsSession()}.
         *
         * @param clientAuth none, want or need
         * @return this builder
         * @throws NullPointerException if {@code clientAuth} is null
         */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * How many TLS handshakes one event loop has in progress at a time; default 16. A handshake
         * costs far more CPU than a message: past this bound, new connections wait for their turn
         * (within the handshake timeout), so that a flood of handshakes cannot take the CPU and
         * memory the loop's open sessions need.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxHandshakesPerLoop(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxHandshakesPerLoop must be at least 1, not " + count);
            }
            this.maxHandshakesPerLoop = count;
            return this;
        }

        /**
         * Threads that run the costly part of TLS handshakes (the JDK engine's delegated tasks: the
         * key exchange, the signature, the client certificate's check), for the whole server; default
         * half the available processors, at least 1. Off the event loops, a flood of handshakes
         * delays the open sessions' messages by milliseconds rather than by the tasks of every
         * handshake of a loop's turn. Idle threads end after 30 seconds.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder handshakeThreads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("handshakeThreads must be at least 1, not " + count);
            }
            this.handshakeThreads = count;
            return this;
        }

        /**
         * Builds the configuration; the builder may go on being used.
         *
         * @return the configuration
         * @throws IllegalArgumentException if no protocols were set and the context enables neither
         *                                  TLS 1.2 nor TLS 1.3 by default
         */
        public TlsConfig build() {
            return checked(new TlsConfig(this));
        }

        private static List<String> nonEmpty(String setting, String... names) {
            Objects.requireNonNull(names, setting);
            if (names.length == 0) {
                throw new IllegalArgumentException(setting + " may not be empty");
            }
            for (String name : names) {
                Objects.requireNonNull(name, setting);
            }
            return List.copyOf(Arrays.asList(names));
        }

        static List<String> supported(String setting, List<String> names, String[] supported) {
            List<String> known = Arrays.asList(supported);
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(setting + ": '" + name + "' is not supported by this SSL context");
                }
            }
            return names;
        }
    }

    /** The verified X.509 chain of a session's peer; empty when there is no session or it sent none. */
    static List<X509Certificate> peerCertificates(Optional<SSLSession> session) {
        if (session.isEmpty()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.get().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client sent no certificate
        }
    }

    /**
     * {@return the parameters each connection's {@link javax.net.ssl.SSLEngine} gets: the protocols,
     * cipher suites and client authentication set, the server's cipher suite order; a new copy each call}
     */
    public SSLParameters sslParameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (!protocols.isEmpty()) {
            parameters.setProtocols(protocols.toArray(String[]::new));
        } else {
            parameters.setProtocols(Arrays.stream(parameters.getProtocols()).filter(SPOKEN::contains).toArray(String[]::new));
        }
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(true);
        switch (clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setNeedClientAuth(false);
        }
        return parameters;
    }
}
