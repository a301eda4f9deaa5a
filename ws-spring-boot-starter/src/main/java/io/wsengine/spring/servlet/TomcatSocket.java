package io.wsengine.spring.servlet;

import jakarta.servlet.ServletOutputStream;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.upgrade.UpgradeServletOutputStream;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The Tomcat socket under an upgraded connection, found through the connection's output stream
 * (no Servlet API gives it), for two things the Servlet API cannot do:
 * <ul>
 *   <li>run Tomcat's dispatches of the socket off its worker pool ({@link
 *       TomcatUpgradeDispatch});</li>
 *   <li>ask Tomcat for one more dispatch after a close from the loop. Tomcat closes an upgraded
 *       socket only in its own dispatch, when it finds both streams closed: a {@code
 *       WebConnection.close()} from the loop sets the flags and leaves the socket open until the peer
 *       sends something, and a peer that waits for the server to close first (RFC 6455 section
 *       7.1.1), or never closes, would keep it open.</li>
 * </ul>
 * On a Tomcat whose internals differ there is none (said once, at debug level): dispatches stay on
 * Tomcat's threads, and a socket closes when the peer next sends or closes.
 */
final class TomcatSocket {
    private static final Log LOG = LogFactory.getLog(TomcatSocket.class);
    private static final String UPGRADE_OUTPUT = "org.apache.coyote.http11.upgrade.UpgradeServletOutputStream";

    private final SocketWrapperBase<?> socket;

    private TomcatSocket(SocketWrapperBase<?> socket) {
        this.socket = socket;
    }

    /** The upgrade stream's socket field, looked up once, on first use: on Tomcat only. */
    private static final class OutputSocket {
        static final VarHandle FIELD = found(TomcatUpgradeDispatch.socketField(UpgradeServletOutputStream.class));

        private static VarHandle found(VarHandle field) {
            if (field == null) {
                LOG.debug("cannot reach the sockets of Tomcat's upgraded connections: their dispatches stay on"
                        + " Tomcat's threads, and they close when the peer next sends or closes");
            }
            return field;
        }
    }

    /**
     * {@return the socket under an upgraded connection's output stream; null off Tomcat}
     *
     * @param output the upgraded connection's output stream
     */
    static TomcatSocket of(ServletOutputStream output) {
        if (!output.getClass().getName().equals(UPGRADE_OUTPUT) || OutputSocket.FIELD == null) {
            return null; // not Tomcat's (its classes are not touched), or not reachable
        }
        SocketWrapperBase<?> socket = (SocketWrapperBase<?>) OutputSocket.FIELD.get(output);
        return socket == null ? null : new TomcatSocket(socket);
    }

    /** From now on, Tomcat's dispatches of this socket run on its poller, or on the session's loop. */
    void dispatchOn(Executor loop) {
        TomcatUpgradeDispatch.route(socket, loop);
    }

    /** The connection is closed: Tomcat's threads take its last dispatches, and one is asked for now. */
    void closed() {
        TomcatUpgradeDispatch.unroute(socket);
        try {
            socket.processSocket(SocketEvent.OPEN_WRITE, true);
        } catch (RuntimeException e) {
            LOG.debug("asking Tomcat to dispatch an upgraded connection failed", e);
        }
    }
}
