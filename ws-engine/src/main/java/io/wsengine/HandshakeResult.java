package io.wsengine;

import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link HandshakeInterceptor} decides: accept (optionally choosing the subprotocol), refuse
 * with an HTTP status, or decide later ({@link #deferred}).
 */
public final class HandshakeResult {
    private static final HandshakeResult ACCEPT = new HandshakeResult(true, 0, null, null, Map.of(), null, null);
    /** Headers of a refusal that the server writes itself: a second one would contradict it. */
    private static final Set<String> SET_BY_THE_SERVER = Set.of("content-length", "content-type", "connection");

    private final boolean accepted;
    private final int status;
    private final String message;
    private final String subprotocol;
    private final Map<String, String> headers;
    private final CompletionStage<? extends HandshakeResult> decision;
    private final Principal principal;

    private HandshakeResult(boolean accepted, int status, String message, String subprotocol,
                            Map<String, String> headers, CompletionStage<? extends HandshakeResult> decision,
                            Principal principal) {
        this.accepted = accepted;
        this.status = status;
        this.message = message;
        this.subprotocol = subprotocol;
        this.headers = headers;
        this.decision = decision;
        this.principal = principal;
    }

    /**
     * Let the handshake go on: to the next interceptor, or to the {@code 101} response.
     *
     * @return the shared accepting result
     */
    public static HandshakeResult accept() {
        return ACCEPT;
    }

    /**
     * Accept, with this subprotocol instead of the route's choice. A later interceptor may choose
     * again.
     *
     * @param subprotocol one of {@link HandshakeRequest#subprotocols()}; any other refuses the
     *                    handshake with {@code 500}, and null keeps the route's choice
     * @return an accepting result
     */
    public static HandshakeResult acceptWithSubprotocol(String subprotocol) {
        return new HandshakeResult(true, 0, null, subprotocol, Map.of(), null, null);
    }

    /**
     * Refuse with a 4xx or 5xx status, such as 401 or 403; the body is the status's reason phrase.
     *
     * @param status the HTTP status, 400-599
     * @return a refusing result
     * @throws IllegalArgumentException if the status is not 400-599
     */
    public static HandshakeResult reject(int status) {
        return reject(status, null, Map.of());
    }

    /**
     * Refuse with a status, a short plain-text message for the body, and extra response headers
     * (such as {@code WWW-Authenticate}).
     *
     * @param status  the HTTP status, 400-599
     * @param message the response body, sent as UTF-8 plain text; null or empty for the status's
     *                reason phrase
     * @param headers extra response headers by name, copied; empty for none, never null
     * @return a refusing result
     * @throws IllegalArgumentException if the status is not 400-599, or a header name is not an HTTP
     *                                  token or a value holds a control character (a CR or LF from
     *                                  client input would let it write headers of its own), or a
     *                                  header is one the server sets itself ({@code Content-Length},
     *                                  {@code Content-Type}, {@code Connection})
     * @throws NullPointerException     if {@code headers} is null or holds a null name or value
     */
    public static HandshakeResult reject(int status, String message, Map<String, String> headers) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refused handshake needs a 4xx or 5xx status, not " + status);
        }
        headers.forEach(HandshakeResult::requireSendableHeader);
        return new HandshakeResult(false, status, message, null, Map.copyOf(headers), null, null);
    }

    /**
     * Decide later, when the stage completes: for a decision that would block the event loop, such
     * as a token checked over HTTP ({@code CompletableFuture.supplyAsync(() -> check(request),
     * executor)}). Meanwhile the connection waits without a thread and reads nothing more (a client
     * sends nothing before the response, RFC 6455 section 4.1); the next interceptor runs, on the event
     * loop, once the stage has completed with an accepting result. A stage that has not completed
     * within the handshake timeout loses its connection, which is closed without a response; its
     * result, when it comes, is ignored. The stage is held until it completes: one that never
     * completes is the application's leak.
     *
     * @param decision completes with {@link #accept()}, {@link #acceptWithSubprotocol} or a refusal;
     *                 completing with null, exceptionally or with another deferred result refuses
     *                 with {@code 500} (logged)
     * @return a result that waits for the stage
     * @throws NullPointerException if {@code decision} is null
     */
    public static HandshakeResult deferred(CompletionStage<? extends HandshakeResult> decision) {
        return new HandshakeResult(false, 0, null, null, Map.of(), Objects.requireNonNull(decision, "decision"), null);
    }

    /**
     * This acceptance, naming who connected: the session's {@link WsSession#principal()}, by whose
     * name {@link WsServer#userSessions(String)} finds it. A later interceptor may name another.
     *
     * @param principal the authenticated user (a Spring Security {@code Authentication}, say)
     * @return an accepting result with the same subprotocol choice and this principal
     * @throws IllegalStateException if this result is not an acceptance
     * @throws NullPointerException  if {@code principal} is null
     */
    public HandshakeResult withPrincipal(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        if (!accepted) {
            throw new IllegalStateException("only an accepting result names a principal");
        }
        return new HandshakeResult(true, 0, null, subprotocol, Map.of(), null, principal);
    }

    private static void requireSendableHeader(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(HandshakeResult::isTokenChar)) {
            throw new IllegalArgumentException("response header name '" + name + "' is not an HTTP token");
        }
        if (SET_BY_THE_SERVER.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("response header " + name + " is set by the server");
        }
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F)) {
            throw new IllegalArgumentException("response header " + name + " has a control character in its value");
        }
    }

    /** RFC 9110 section 5.6.2: tchar. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** {@return true for {@link #accept()} and {@link #acceptWithSubprotocol}, false for a refusal or a deferred result} */
    public boolean isAccepted() {
        return accepted;
    }

    /** {@return true for a result that decides later, {@link #deferred}} */
    public boolean isDeferred() {
        return decision != null;
    }

    /** {@return the stage a deferred result waits for; null for any other result} */
    public CompletionStage<? extends HandshakeResult> decision() {
        return decision;
    }

    /** {@return who connected, as an accepting interceptor named them with {@link #withPrincipal}; null otherwise} */
    public Principal principal() {
        return principal;
    }

    /** {@return the HTTP status of a refusal; 0 when accepted or deferred} */
    public int status() {
        return status;
    }

    /** {@return the body of a refusal, or null for the status's reason phrase (and when accepted)} */
    public String message() {
        return message;
    }

    /** {@return the subprotocol chosen by the interceptor, or null to keep the route's choice} */
    public String subprotocol() {
        return subprotocol;
    }

    /** {@return the extra headers of a refusal, unmodifiable; empty when accepted} */
    public Map<String, String> headers() {
        return headers;
    }
}
