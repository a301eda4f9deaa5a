package io.wsengine.tls;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.TestCertificates;
import java.nio.file.Path;
import java.security.Security;

/**
 * A TLS 1.3 client whose keys wear out after 16 KiB ({@code jdk.tls.keyLimits}), run in a JVM of its
 * own by {@link TlsPostHandshakeTest}: the JDK reads that property once, when its TLS classes
 * initialise, and the test JVM's have long been. Echoes {@link #MESSAGES} messages of 2 KiB, so that
 * the JDK's SSLSocket sends KeyUpdates between them; prints {@code echoed} and exits 0 if all came
 * back, exits 1 otherwise.
 *
 * <p>Arguments: the server's port, the key store of the certificate to trust.
 */
public final class KeyLimitClient {
    static final int MESSAGES = 32;

    private KeyLimitClient() {
    }

    public static void main(String[] args) throws Exception {
        Security.setProperty("jdk.tls.keyLimits", "AES/GCM/NoPadding KeyUpdate 2^14, ChaCha20-Poly1305 KeyUpdate 2^14");
        int port = Integer.parseInt(args[0]);
        try (RawWsClient client = RawWsClient.connectTls(port, TestCertificates.context(null, Path.of(args[1])),
                socket -> socket.setEnabledProtocols(new String[] {"TLSv1.3"}))) {
            client.sendRaw(RawWsClient.upgradeRequest("/ws", port));
            if (!client.readResponseHead().startsWith("HTTP/1.1 101 ")) {
                System.exit(1);
            }
            for (int i = 0; i < MESSAGES; i++) {
                String text = i + ":" + "k".repeat(2048);
                client.sendText(text);
                if (!client.readFrame().text().equals(text)) {
                    System.out.println("echo " + i + " differs");
                    System.exit(1);
                }
            }
            client.sendClose(1000, "");
            client.readClose();
        }
        System.out.println("echoed " + MESSAGES);
    }
}
