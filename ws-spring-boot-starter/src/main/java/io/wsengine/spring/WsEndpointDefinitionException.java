package io.wsengine.spring;

/**
 * An {@link WsEndpoint} bean, or an interceptor naming endpoints, is defined wrongly; start-up fails
 * with this, and the failure analyzer shows {@link #getMessage()} and {@link #action()}.
 */
public class WsEndpointDefinitionException extends RuntimeException {
    /** What to change to fix it. */
    private final String action;

    /**
     * Creates the exception the starter fails start-up with.
     *
     * @param message what is wrong, naming the class (and the method, where there is one)
     * @param action  what to change to fix it, shown by the failure analyzer
     */
    public WsEndpointDefinitionException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** {@return what to change to fix it} */
    public String action() {
        return action;
    }
}
