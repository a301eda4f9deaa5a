package io.wsengine.spring.ssl;

/**
 * The SSL bundle that {@code ws.server.ssl.bundle} names cannot serve {@code wss://}: there is no such
 * bundle, its keys cannot be read, or its options do not suit the engine. Start-up fails with this,
 * and the failure analyzer shows {@link #getMessage()} and {@link #action()}.
 */
public class WsSslBundleException extends RuntimeException {
    /** The bundle named, or null when none is. */
    private final String bundle;
    /** What to change to fix it. */
    private final String action;

    /**
     * Creates the exception the starter fails start-up with.
     *
     * @param message what is wrong, naming the property
     * @param bundle  the bundle named by {@code ws.server.ssl.bundle}, or null
     * @param action  what to change to fix it, shown by the failure analyzer
     * @param cause   what Spring Boot or the engine reported, or null
     */
    public WsSslBundleException(String message, String bundle, String action, Throwable cause) {
        super(message, cause);
        this.bundle = bundle;
        this.action = action;
    }

    /** {@return the bundle named by {@code ws.server.ssl.bundle}, or null when none is} */
    public String bundle() {
        return bundle;
    }

    /** {@return what to change to fix it} */
    public String action() {
        return action;
    }
}
