package io.wsengine.spring.diagnostics;

import io.wsengine.spring.WsServerStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a WebSocket server that could not bind its port. */
class WsServerStartFailureAnalyzer extends AbstractFailureAnalyzer<WsServerStartException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WsServerStartException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the process that is listening on port " + cause.port() + ", or set ws.server.port to another"
                        + " port (0 picks a free one).", cause);
    }
}
