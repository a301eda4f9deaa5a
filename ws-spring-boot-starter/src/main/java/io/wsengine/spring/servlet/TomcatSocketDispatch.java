package io.wsengine.spring.servlet;

import jakarta.servlet.ServletOutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Asks Tomcat to dispatch an upgraded connection once more. Tomcat closes an upgraded socket only in
 * its own dispatch, when it finds both streams closed: a {@code WebConnection.close()} from the
 * engine's loop sets the flags and leaves the socket open until the peer sends something. A peer that
 * waits for the server to close first (RFC 6455 section 7.1.1), or never closes, would keep it open.
 * No Servlet API asks for a dispatch, so this reaches into Tomcat's upgrade stream for its socket
 * wrapper, once per class; on another container, or a Tomcat whose internals differ, it does nothing
 * (and says so once, at debug level), and the socket closes when the peer next sends or closes.
 */
final class TomcatSocketDispatch {
    private static final Log LOG = LogFactory.getLog(TomcatSocketDispatch.class);
    private static final String UPGRADE_OUTPUT = "org.apache.coyote.http11.upgrade.UpgradeServletOutputStream";
    private static volatile Access access;

    private TomcatSocketDispatch() {
    }

    /** Requests a write dispatch of the connection whose output stream this is; a no-op off Tomcat. */
    static void request(ServletOutputStream output) {
        Class<?> type = output.getClass();
        if (!type.getName().equals(UPGRADE_OUTPUT)) {
            return;
        }
        Access found = access;
        if (found == null) {
            found = access = Access.find(type);
        }
        found.dispatch(output);
    }

    /** The socket wrapper's field and its {@code processSocket(SocketEvent.OPEN_WRITE, true)}. */
    private record Access(MethodHandle socketWrapper, MethodHandle processSocket, Object openWrite) {
        static final Access NONE = new Access(null, null, null);

        static Access find(Class<?> outputType) {
            try {
                Field field = outputType.getDeclaredField("socketWrapper");
                field.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle wrapper = lookup.unreflectGetter(field);
                ClassLoader loader = outputType.getClassLoader();
                Class<?> event = Class.forName("org.apache.tomcat.util.net.SocketEvent", false, loader);
                Class<?> wrapperType = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase", false, loader);
                MethodHandle process = lookup.findVirtual(wrapperType, "processSocket",
                        MethodType.methodType(void.class, event, boolean.class));
                Object openWrite = event.getField("OPEN_WRITE").get(null);
                return new Access(wrapper, process, openWrite);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot ask Tomcat to dispatch an upgraded connection; its sockets close when"
                        + " the peer next sends or closes", e);
                return NONE;
            }
        }

        void dispatch(ServletOutputStream output) {
            if (socketWrapper == null) {
                return;
            }
            try {
                processSocket.invoke(socketWrapper.invoke(output), openWrite, true);
            } catch (Throwable e) {
                LOG.debug("asking Tomcat to dispatch an upgraded connection failed", e);
            }
        }
    }
}
