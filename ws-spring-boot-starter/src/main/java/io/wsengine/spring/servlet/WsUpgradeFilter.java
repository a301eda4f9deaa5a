package io.wsengine.spring.servlet;

import io.wsengine.HostedRequest;
import io.wsengine.HostedUpgrade;
import io.wsengine.WsServer;
import io.wsengine.spring.WsServerLifecycle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes WebSocket upgrade requests for the engine's endpoints off the web server's port: the engine
 * decides them (the same checks, origin policy and interceptors as on its own port) and, when it
 * accepts, the container switches protocols and the engine runs the session over the upgraded
 * connection. Every other request, and every path that is not an endpoint, goes on down the chain.
 * Registered after Spring Security's filter chain, so an upgrade has passed it like any request; the
 * request's authenticated user becomes the session's principal.
 */
public class WsUpgradeFilter extends OncePerRequestFilter {
    private final WsServerLifecycle lifecycle;
    private final Duration decisionTimeout;
    private final long maxUnread;
    private final Duration closeTimeout;

    /**
     * Creates the filter; the servlet auto-configuration registers one.
     *
     * @param lifecycle       the engine's lifecycle, for the running server
     * @param decisionTimeout how long a request thread waits for a deferred interceptor decision
     * @param maxUnread       the bytes a paused session may leave unread before its connection is dropped
     * @param closeTimeout    how long a closing connection's last bytes may take to leave before it is
     *                        closed anyway
     */
    public WsUpgradeFilter(WsServerLifecycle lifecycle, Duration decisionTimeout, long maxUnread,
                           Duration closeTimeout) {
        this.lifecycle = lifecycle;
        this.decisionTimeout = decisionTimeout;
        this.maxUnread = maxUnread;
        this.closeTimeout = closeTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        WsServer server = lifecycle.server();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (server == null || !isWebSocketUpgrade(request) || !server.serves(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (!"HTTP/1.1".equals(request.getProtocol())) {
            // the engine decides an HTTP/1.1 head; its own port answers an HTTP/1.0 upgrade the same way
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "a WebSocket upgrade needs HTTP/1.1 or later");
            return;
        }
        HostedUpgrade upgrade = decide(server, request, path, response);
        if (upgrade == null) {
            return; // answered already
        }
        upgrade.headers().forEach(response::setHeader);
        if (!upgrade.isAccepted()) {
            refuse(response, upgrade.status(), upgrade.message());
            return;
        }
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        if (JettyUpgrade.PRESENT && JettyUpgrade.serves(request)) {
            JettyUpgrade.upgrade(request, upgrade); // Jetty's servlet upgrade loses the client's first frames
            return;
        }
        request.upgrade(WsUpgradeHandler.class).accept(upgrade, maxUnread, closeTimeout);
    }

    /** Blocks the request thread (a servlet container's to block) for an interceptor's deferred decision. */
    private HostedUpgrade decide(WsServer server, HttpServletRequest request, String path,
                                 HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        HostedRequest hosted = new HostedRequest(request.getMethod(), query == null ? path : path + "?" + query,
                headers(request), new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()),
                new InetSocketAddress(request.getLocalAddr(), request.getLocalPort()), request.getUserPrincipal());
        try {
            return server.decide(hosted).toCompletableFuture().get(decisionTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the handshake was not decided in time");
        } catch (ExecutionException e) {
            logger.error("deciding the upgrade to " + path + " failed", e.getCause());
            refuse(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal Server Error");
        } catch (IllegalStateException e) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the WebSocket server is not running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the WebSocket server is stopping");
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** An upgrade to WebSocket: anything else on an endpoint's path is the web application's. */
    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        for (String upgrade : Collections.list(request.getHeaders("Upgrade"))) {
            for (String token : upgrade.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Map.Entry<String, String>> headers(HttpServletRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(Map.entry(name, value));
            }
        }
        return headers;
    }
}
