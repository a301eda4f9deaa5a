package io.wsengine.spring.diagnostics;

import io.wsengine.spring.ssl.WsSslBundleException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an SSL bundle ({@code ws.server.ssl.bundle}) that cannot serve {@code wss://}: which, why, and what to do. */
class WsSslBundleFailureAnalyzer extends AbstractFailureAnalyzer<WsSslBundleException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WsSslBundleException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
