package io.wsengine.spring.diagnostics;

import io.wsengine.spring.WsEndpointDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a wrongly defined {@code @WsEndpoint} at start-up: what is wrong and where, and what to do. */
class WsEndpointDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<WsEndpointDefinitionException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WsEndpointDefinitionException cause) {
        return new FailureAnalysis("Invalid WebSocket endpoint: " + cause.getMessage(), cause.action(), cause);
    }
}
