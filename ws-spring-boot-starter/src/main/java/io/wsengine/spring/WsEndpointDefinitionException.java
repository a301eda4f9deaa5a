package io.wsengine.spring;

/**
 * An {@link WsEndpoint} bean, or an interceptor naming endpoints, is defined wrongly; start-up fails
 * with this, and the failure analyzer shows {@link #getMessage()} and {@link #action()}.
 */
public class WsEndpointDefinitionException extends RuntimeException {
    private final String action;

    public WsEndpointDefinitionException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What to change to fix it. */
    public String action() {
        return action;
    }
}
