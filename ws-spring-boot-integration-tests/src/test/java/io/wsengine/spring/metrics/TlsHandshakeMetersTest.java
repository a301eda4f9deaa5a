package io.wsengine.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * TLS handshakes as the engine reports them (its own test, TlsListenerTest, drives real ones) become
 * one counter, by outcome and protocol.
 */
class TlsHandshakeMetersTest {

    @Test
    void handshakesAreCountedByOutcomeAndProtocol() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WsServerMetrics metrics = new WsServerMetrics(registry, () -> null);

        metrics.tlsHandshakeCompleted("TLSv1.3");
        metrics.tlsHandshakeCompleted("TLSv1.3");
        metrics.tlsHandshakeCompleted("TLSv1.2");
        metrics.tlsHandshakeFailed();

        assertThat(count(registry, "success", "TLSv1.3")).isEqualTo(2);
        assertThat(count(registry, "success", "TLSv1.2")).isEqualTo(1);
        assertThat(count(registry, "error", "none")).isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry registry, String outcome, String protocol) {
        return registry.get(WsMeterNames.TLS_HANDSHAKES).tag("outcome", outcome).tag("protocol", protocol).counter().count();
    }
}
