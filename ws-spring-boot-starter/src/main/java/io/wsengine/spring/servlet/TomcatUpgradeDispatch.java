package io.wsengine.spring.servlet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.threads.ResizableExecutor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/**
 * Tomcat's executor, except for the dispatches of upgraded connections that the engine runs. Tomcat's
 * poller hands every ready socket to its executor as a {@link SocketProcessorBase}; for an engine
 * session that dispatch only reads what arrived and hands it to the session's event loop, and on a
 * container thread it costs two hand-overs per message (poller to container thread, container thread
 * to loop) where {@code spring-websocket} has one: on a busy core, a context switch or more each.
 * <ul>
 *   <li>A plain socket's dispatch runs on the thread that found it ready, Tomcat's poller: a
 *       non-blocking read and a hand-over, as short as the poller's own work on a socket. The poller
 *       registers the socket's next read itself, without waking its selector.</li>
 *   <li>A TLS socket's dispatch decrypts, which would hold up the poller's other sockets: it runs on
 *       the session's loop, which decrypts its own port's connections too, and the session takes
 *       the news there with no further hand-over.</li>
 * </ul>
 * Every other task, a socket's dispatch while another thread holds its lock, and any task a loop no
 * longer takes, go to Tomcat's pool, whose size and counts this executor reports.
 */
final class TomcatUpgradeDispatch implements ResizableExecutor {
    /** Runs a dispatch on the thread that asks for it: the poller. */
    private static final Executor CALLING_THREAD = Runnable::run;
    /** Each upgraded connection the engine runs, by its Tomcat socket, and where its dispatches run. */
    private static final Map<SocketWrapperBase<?>, Executor> ROUTES = new ConcurrentHashMap<>();
    /** The processor's socket: Tomcat has no getter for it; null on a Tomcat without the field. */
    private static final VarHandle SOCKET = socketField(SocketProcessorBase.class);

    private final Executor pool;

    TomcatUpgradeDispatch(Executor pool) {
        this.pool = pool;
    }

    /** {@return false on a Tomcat whose socket processors this cannot read: its dispatches stay on its threads} */
    static boolean available() {
        return SOCKET != null;
    }

    /** {@return Tomcat's own executor, which this one routes around} */
    Executor pool() {
        return pool;
    }

    /**
     * Routes the socket's dispatches, until {@link #unroute}: a plain socket's stay on the poller, a
     * TLS socket's (or one of another endpoint than NIO's) go to the session's loop.
     */
    static void route(SocketWrapperBase<?> socket, Executor loop) {
        ROUTES.put(socket, isPlainNio(socket) ? CALLING_THREAD : loop);
    }

    static void unroute(SocketWrapperBase<?> socket) {
        ROUTES.remove(socket);
    }

    private static boolean isPlainNio(SocketWrapperBase<?> socket) {
        return socket instanceof NioEndpoint.NioSocketWrapper nio && !(nio.getSocket() instanceof SecureNioChannel);
    }

    @Override
    public void execute(Runnable task) {
        if (!ROUTES.isEmpty() && task instanceof SocketProcessorBase<?> processor) {
            SocketWrapperBase<?> socket = (SocketWrapperBase<?>) SOCKET.get(processor); // set on this thread
            Executor route = socket == null ? null : ROUTES.get(socket);
            if (route == CALLING_THREAD && !socket.getLock().isLocked()) {
                task.run(); // a locked socket is in a container thread's dispatch: the poller does not wait for it
                return;
            }
            if (route != null && route != CALLING_THREAD && runOnLoop(route, task)) {
                return;
            }
        }
        pool.execute(task);
    }

    private static boolean runOnLoop(Executor loop, Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // the loop has ended (the engine stopped before Tomcat): Tomcat's pool runs what is left
        }
    }

    // ---- Tomcat's pool, as Tomcat's thread metrics read it

    @Override
    public int getPoolSize() {
        return pool instanceof ThreadPoolExecutor threads ? threads.getPoolSize()
                : pool instanceof ResizableExecutor resizable ? resizable.getPoolSize() : -1;
    }

    @Override
    public int getMaxThreads() {
        return pool instanceof ThreadPoolExecutor threads ? threads.getMaximumPoolSize()
                : pool instanceof ResizableExecutor resizable ? resizable.getMaxThreads() : -1;
    }

    @Override
    public int getActiveCount() {
        return pool instanceof ThreadPoolExecutor threads ? threads.getActiveCount()
                : pool instanceof ResizableExecutor resizable ? resizable.getActiveCount() : -1;
    }

    @Override
    public boolean resizePool(int corePoolSize, int maximumPoolSize) {
        if (pool instanceof ThreadPoolExecutor threads) {
            threads.setCorePoolSize(corePoolSize);
            threads.setMaximumPoolSize(maximumPoolSize);
            return true;
        }
        return pool instanceof ResizableExecutor resizable && resizable.resizePool(corePoolSize, maximumPoolSize);
    }

    @Override
    public boolean resizeQueue(int capacity) {
        return pool instanceof ResizableExecutor resizable && resizable.resizeQueue(capacity);
    }

    /** {@return a Tomcat class's private {@code socketWrapper} field; null on a Tomcat without it} */
    static VarHandle socketField(Class<?> owner) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
                    .findVarHandle(owner, "socketWrapper", SocketWrapperBase.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
