package io.wsengine.spring.servlet;

import io.wsengine.HostedUpgrade;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.ServletApiRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.springframework.util.ClassUtils;

/**
 * Upgrades on Jetty: the engine's connection takes the endpoint over once Jetty has written the
 * {@code 101} ({@link JettyHostedConnection}). Loaded only when Jetty's classes are there.
 */
final class JettyUpgrade {
    static final boolean PRESENT = ClassUtils.isPresent("org.eclipse.jetty.ee11.servlet.ServletContextRequest",
            JettyUpgrade.class.getClassLoader());

    private JettyUpgrade() {
    }

    /** {@return true when Jetty (ee11) serves the request: its request is under the wrappers} */
    static boolean serves(HttpServletRequest request) {
        ServletRequest unwrapped = request;
        while (unwrapped instanceof ServletRequestWrapper wrapper) {
            unwrapped = wrapper.getRequest();
        }
        return unwrapped instanceof ServletApiRequest;
    }

    /** Asks Jetty to put the engine's connection on the endpoint once the response (a 101) is complete. */
    static void upgrade(HttpServletRequest request, HostedUpgrade upgrade) {
        ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
        ConnectionMetaData connection = jettyRequest.getConnectionMetaData();
        JettyHostedConnection hosted = new JettyHostedConnection(connection.getConnection().getEndPoint(),
                connection.getConnector().getExecutor(), upgrade);
        jettyRequest.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, hosted);
    }
}
