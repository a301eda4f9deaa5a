package io.wsengine.spring.actuate;

import io.wsengine.CloseStatus;
import io.wsengine.ServerSnapshot;
import io.wsengine.SessionSnapshot;
import io.wsengine.WsRoute;
import io.wsengine.WsServer;
import io.wsengine.WsSession;
import io.wsengine.spring.WsServerLifecycle;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code websockets} Actuator endpoint: what the WebSocket server serves, for operators. An
 * endpoint is addressed by its path template, segments and all, after the endpoint's own path; a
 * session by its id, one segment further:
 * <ul>
 * <li>{@code GET /actuator/websockets}: every endpoint's template and open sessions' count;</li>
 * <li>{@code GET /actuator/websockets/chat/%7Broom%7D}: the sessions of {@code /chat/{room}} (id,
 * remote address, opened at, bytes each way, buffered bytes, subprotocol, groups; never message
 * contents, never attribute values);</li>
 * <li>{@code GET /actuator/websockets/chat/%7Broom%7D/1f}: that one session;</li>
 * <li>{@code DELETE /actuator/websockets/chat/%7Broom%7D/1f}: closes it with {@code 1008} and the reason
 * {@value #CLOSE_REASON}.</li>
 * </ul>
 * Braces must be percent-encoded in a URL ({@code %7B}, {@code %7D}); slashes stay slashes. Where a
 * path is both an endpoint's template and another endpoint's session, the template wins. Like every
 * Actuator endpoint but health, it is not exposed over the web unless the application says so:
 * {@code management.endpoints.web.exposure.include=websockets}.
 */
@Endpoint(id = "websockets")
public class WebSocketsEndpoint {
    /** The reason a session closed by {@link #close} is given. */
    public static final String CLOSE_REASON = "closed by an operator";
    /** The loops describe their sessions between their other work; a blocked loop must not hold the caller for ever. */
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

    private final WsServerLifecycle lifecycle;

    /**
     * @param lifecycle gives the running server
     */
    public WebSocketsEndpoint(WsServerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * {@return every endpoint's template with its open sessions' count, in the configured order; none
     * while the server is not running}
     */
    @ReadOperation
    public EndpointsDescriptor endpoints() {
        WsServer server = lifecycle.server();
        if (server == null) {
            return new EndpointsDescriptor(false, List.of());
        }
        ServerSnapshot counts = server.snapshot(null).toCompletableFuture().join(); // counts come at once
        return new EndpointsDescriptor(server.isRunning(), counts.sessionsPerRoute().entrySet().stream()
                .map(entry -> new EndpointDescriptor(entry.getKey(), entry.getValue())).toList());
    }

    /**
     * One endpoint's sessions, or one session.
     *
     * @param path the endpoint's template, split at its slashes; or that, and a session's id last
     * @return the endpoint with its sessions, or the session; 404 when there is no such endpoint or
     *         session; 503 when the event loops did not answer within 5 seconds
     */
    @ReadOperation
    public WebEndpointResponse<Object> sessions(@Selector(match = Match.ALL_REMAINING) String... path) {
        WsServer server = lifecycle.server();
        if (server == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String template = template(path, path.length);
        if (isRoute(server, template)) {
            Optional<ServerSnapshot> snapshot = snapshot(server, template);
            return snapshot.<WebEndpointResponse<Object>>map(taken -> new WebEndpointResponse<>(new SessionsDescriptor(
                            template, taken.takenAt(), taken.sessions().stream().map(SessionDescriptor::of).toList())))
                    .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE));
        }
        String parent = template(path, path.length - 1);
        if (path.length < 2 || !isRoute(server, parent)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String id = decode(path[path.length - 1]);
        Optional<ServerSnapshot> snapshot = snapshot(server, parent);
        if (snapshot.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        return snapshot.get().sessions().stream().filter(session -> session.id().equals(id)).findFirst()
                .<WebEndpointResponse<Object>>map(session -> new WebEndpointResponse<>(SessionDescriptor.of(session)))
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    /**
     * Closes one session with {@code 1008 Policy Violation} and the reason {@value #CLOSE_REASON}; its
     * {@code @OnClose} runs as for any close.
     *
     * @param path the endpoint's template, split at its slashes, and the session's id last
     * @return 200 with the session's id and the status it is closed with; 404 when there is no such
     *         session on that endpoint
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> close(@Selector(match = Match.ALL_REMAINING) String... path) {
        WsServer server = lifecycle.server();
        String template = template(path, path.length - 1);
        if (server == null || path.length < 2 || !isRoute(server, template)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String id = decode(path[path.length - 1]);
        for (WsSession session : server.sessions(template)) {
            if (session.id().equals(id)) {
                CloseStatus status = CloseStatus.POLICY_VIOLATION.withReason(CLOSE_REASON);
                session.close(status);
                return new WebEndpointResponse<>(Map.of("id", id, "endpoint", template,
                        "closeCode", status.code(), "closeReason", status.reason()));
            }
        }
        return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static boolean isRoute(WsServer server, String template) {
        for (WsRoute route : server.config().routes()) {
            if (route.path().equals(template)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<ServerSnapshot> snapshot(WsServer server, String template) {
        try {
            return Optional.of(server.snapshot(template).toCompletableFuture()
                    .get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the sessions could not be described", e.getCause());
        }
    }

    /** The template from its first {@code count} segments; each decoded, should the web layer not have. */
    private static String template(String[] path, int count) {
        if (count <= 0) {
            return "/";
        }
        StringBuilder template = new StringBuilder();
        Arrays.stream(path, 0, count).forEach(segment -> template.append('/').append(decode(segment)));
        return template.toString();
    }

    private static String decode(String segment) {
        return segment.indexOf('%') < 0 ? segment
                : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * What the server serves.
     *
     * @param running   whether the server runs
     * @param endpoints its endpoints, in the configured order
     */
    public record EndpointsDescriptor(boolean running, List<EndpointDescriptor> endpoints) {
    }

    /**
     * One endpoint.
     *
     * @param path     its path template, such as {@code /chat/{room}}
     * @param sessions its open sessions' count
     */
    public record EndpointDescriptor(String path, int sessions) {
    }

    /**
     * One endpoint's sessions.
     *
     * @param path     the endpoint's template
     * @param takenAt  when the sessions were described
     * @param sessions the sessions, by opening time
     */
    public record SessionsDescriptor(String path, Instant takenAt, List<SessionDescriptor> sessions) {
    }

    /**
     * One session, without contents or attribute values.
     *
     * @param id            the session's id, the last segment of its address under this endpoint
     * @param remoteAddress the peer's address and port
     * @param openedAt      when it opened
     * @param bytesIn       bytes read from the peer, the upgrade request and frame headers included
     * @param bytesOut      bytes written to the peer, the upgrade response and frame headers included
     * @param bufferedBytes bytes queued and not yet written
     * @param subprotocol   the chosen subprotocol; null when none
     * @param groups        the groups it is in
     */
    public record SessionDescriptor(String id, String remoteAddress, Instant openedAt, long bytesIn, long bytesOut,
                                    long bufferedBytes, String subprotocol, Set<String> groups) {
        static SessionDescriptor of(SessionSnapshot session) {
            String address = session.remoteAddress() == null ? null
                    : session.remoteAddress().getAddress().getHostAddress() + ":" + session.remoteAddress().getPort();
            return new SessionDescriptor(session.id(), address, session.openedAt(), session.bytesIn(),
                    session.bytesOut(), session.bufferedBytes(), session.subprotocol(), session.groups());
        }
    }
}
