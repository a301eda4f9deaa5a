package io.wsengine.internal.server;

import io.wsengine.LoopStatus;
import io.wsengine.internal.deflate.ZlibPool;
import io.wsengine.internal.frame.FrameReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One selector thread that owns its connections for their whole life. Other threads hand it work
 * through {@link #execute}, which wakes the selector only when it may be sleeping. Each turn it
 * handles ready keys, runs queued tasks, flushes every connection written to during the turn (one
 * write per connection, however many frames), and every tick checks the connections' timers.
 */
final class EventLoop implements Runnable, Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final long TICK_NANOS = 100_000_000L;
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int WRITE_BUFFER_SIZE = 256 * 1024;
    /** Readers go back at the end of each read, so a loop rarely needs more than one at a time. */
    private static final int MAX_IDLE_READERS = 64;

    private final ServerContext server;
    /** This loop's place among the server's loops, from 0. */
    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks of this loop's own for its next turn, after the selector's next look. Event loop only. */
    private final ArrayDeque<Runnable> nextTurn = new ArrayDeque<>();
    /** False while the loop may block in select; a task submitted then must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    /** Outbound frames are copied here and written with one call; shared by the loop's connections. */
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
    private final ArrayDeque<Connection> flushQueue = new ArrayDeque<>();
    /** Readers no connection is using; lent to a connection while it is in the middle of a frame or message. */
    private final ArrayDeque<FrameReader> idleReaders = new ArrayDeque<>();
    /** Inflaters and deflaters lent per message to compressed connections that keep no context. */
    private final ZlibPool zlib;
    /** What this loop's TLS connections share; null when the server is plain. */
    private final TlsLoop tls;
    /** Connections owned by this loop; the selector's key set is the list of them, with {@link #hosted}. */
    private int connectionCount;
    /** Connections a host carries: they have no selection key. */
    private final Set<Connection> hosted = new HashSet<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean running = true;
    private boolean shuttingDown;
    private long now = System.nanoTime();
    private long nextTick = now + TICK_NANOS;
    private final LoopLag lag = new LoopLag(now, nextTick);
    /** Connections still open when the loop ended, cut without their close handshake; read after join. */
    private int cutAtEnd;

    EventLoop(ServerContext server, int index) throws IOException {
        this.server = server;
        this.index = index;
        this.selector = Selector.open();
        this.thread = new Thread(this, "ws-loop-" + index);
        this.tls = server.tls == null ? null : new TlsLoop(this, server.tls);
        this.zlib = new ZlibPool(server.config.compression().level());
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    int index() {
        return index;
    }

    boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    long now() {
        return now;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    ByteBuffer writeBuffer() {
        return writeBuffer;
    }

    /**
     * Runs a task on this loop, soon; from the loop itself, after the ready keys of this turn.
     * Safe from any thread.
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inEventLoop() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Lends a frame reader to a connection of this loop. Event loop only. */
    FrameReader lendReader() {
        FrameReader reader = idleReaders.poll();
        return reader != null ? reader : new FrameReader();
    }

    /** Takes back a reader at rest; keeps as many as a turn is likely to need again. Event loop only. */
    void returnReader(FrameReader reader) {
        reader.unbind();
        if (idleReaders.size() < MAX_IDLE_READERS) {
            idleReaders.push(reader);
        }
    }

    /** {@return the loop's pool of Inflaters and Deflaters} Event loop only. */
    ZlibPool zlib() {
        return zlib;
    }

    /** Flushes the connection once this turn's reads and tasks are done. */
    void flushAtEndOfBatch(Connection connection) {
        flushQueue.add(connection);
    }

    /** Takes over an accepted socket. Safe from any thread. */
    void adopt(SocketChannel channel) {
        execute(() -> register(channel));
    }

    private void register(SocketChannel channel) {
        try {
            if (shuttingDown) {
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, server.config.tcpNoDelay());
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            Connection connection = new Connection(this, server, remote, local);
            SocketTransport transport = tls == null ? new PlainTransport(channel, connection)
                    : new TlsTransport(channel, connection, tls);
            transport.register(selector);
            connection.start(transport, now);
            connectionCount++;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not adopt an accepted connection", e);
            closeQuietly(channel);
        }
    }

    /** Takes a session a host accepted (see {@link HostedTransport}); it opens on this loop, soon. */
    void adoptHosted(HostedTransport transport, Handshaker.Outcome outcome, InetSocketAddress remote,
            InetSocketAddress local) {
        if (!running) {
            transport.close(); // the loop has ended: no task of its would run
            return;
        }
        execute(() -> {
            if (shuttingDown) {
                transport.close();
                return;
            }
            Connection connection = new Connection(this, server, remote, local);
            transport.bind(connection);
            hosted.add(connection);
            connectionCount++;
            connection.startHosted(transport, outcome, now);
        });
    }

    void removed(Connection connection) {
        connectionCount--;
        if (connection.hosted) {
            hosted.remove(connection);
        }
    }

    int connectionCount() {
        return connectionCount;
    }

    /**
     * Calls the action for each connection of this loop, on the loop. Iterating the selector's key set
     * is safe here: a connection that closes meanwhile only cancels its key, and cancelled keys leave
     * the set at the next select.
     */
    private void forEachConnection(Consumer<Connection> action) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof SocketTransport transport) {
                action.accept(transport.connection());
            }
        }
        if (!hosted.isEmpty()) {
            List.copyOf(hosted).forEach(action); // a copy: the action may release, which removes
        }
    }

    /** Sends 1001 to every session; {@link #drained()} completes once all have closed. */
    void beginShutdown() {
        execute(() -> {
            shuttingDown = true;
            forEachConnection(Connection::shutdown);
        });
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    /**
     * Closes whatever is left and ends the thread; returns once the thread has ended.
     *
     * @return how many connections were still open and were cut
     */
    int terminate() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join();
        return cutAtEnd; // join() makes the loop's write visible
    }

    /** {@return false once the loop has been told to end, or has failed: tasks given to it may never run} */
    boolean isRunning() {
        return running && thread.isAlive();
    }

    boolean isThreadAlive() {
        return thread.isAlive();
    }

    /** {@return how late this loop's ticks run, and whether it lives} Safe from any thread. */
    LoopStatus status() {
        return lag.status(thread.getName(), thread.isAlive(), System.nanoTime());
    }

    @Override
    public void run() {
        try {
            while (running) {
                select();
                now = System.nanoTime();
                handleSelectedKeys();
                runNextTurn();
                runTasks();
                flushCorked();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    lag.ticked(now, nextTick);
                    checkTimers();
                }
                if (shuttingDown && connectionCount == 0) {
                    drained.complete(null);
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "event loop " + thread.getName() + " failed", t);
        } finally {
            cutAtEnd = connectionCount;
            forEachConnection(Connection::release);
            runTasks(); // lets pending hand-overs close their sockets
            zlib.close(); // after the connections, which give theirs back
            closeQuietly(selector);
            drained.complete(null);
        }
    }

    /** Runs a task on this loop in its next turn, after the selector has looked again. Event loop only. */
    void executeNextTurn(Runnable task) {
        nextTurn.add(task);
    }

    private void select() throws IOException {
        awake.set(false);
        if (!tasks.isEmpty() || !nextTurn.isEmpty()) {
            selector.selectNow();
        } else {
            long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
            selector.select(waitMillis);
        }
        awake.set(true);
    }

    private void handleSelectedKeys() {
        Set<SelectionKey> selected = selector.selectedKeys();
        for (Iterator<SelectionKey> it = selected.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            Selectable target = (Selectable) key.attachment();
            try {
                target.onReady(key);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "unexpected failure on " + target + "; closing it", e);
                if (target instanceof SocketTransport transport) {
                    transport.connection().release();
                }
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "event loop task failed", e);
            }
        }
    }

    private void runNextTurn() {
        for (int count = nextTurn.size(); count > 0; count--) { // what this turn adds waits for the next
            Runnable task = nextTurn.poll();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "event loop task failed", e);
            }
        }
    }

    private void flushCorked() {
        Connection connection;
        while ((connection = flushQueue.poll()) != null) {
            try {
                connection.flush();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "unexpected failure flushing " + connection + "; closing it", e);
                connection.release(); // one connection's failure must not end the loop
            }
        }
    }

    /** The connections' timeouts and pings, and the acceptor's pause; safe on the key set as above. */
    private void checkTimers() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Selectable selectable) {
                selectable.checkTimers(now);
            }
        }
        if (!hosted.isEmpty()) {
            for (Connection connection : List.copyOf(hosted)) {
                connection.checkTimers(now);
            }
        }
        flushCorked();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close failed", e);
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
