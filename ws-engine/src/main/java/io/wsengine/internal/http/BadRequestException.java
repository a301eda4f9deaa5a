package io.wsengine.internal.http;

/** A request that cannot be served, answered with {@link #status()}; no stack trace, as input causes it. */
public final class BadRequestException extends RuntimeException {
    private final int status;

    public BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static BadRequestException badRequest(String message) {
        return new BadRequestException(400, message);
    }

    public int status() {
        return status;
    }
}
