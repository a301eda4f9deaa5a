package io.wsengine.internal.server;

import io.wsengine.HostedChannel;
import io.wsengine.HostedConnection;
import io.wsengine.HostedRequest;
import io.wsengine.LoopStatus;
import io.wsengine.MessageCounts;
import io.wsengine.ServerSnapshot;
import io.wsengine.TlsConfig;
import io.wsengine.WsServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The running server behind {@link io.wsengine.WsServer}: the listening socket and the event loops.
 * The first loop also accepts, and deals new connections to all loops in turn; hosted connections
 * (carried by another server) are dealt to the loops in turn as well. Without a listening socket
 * ({@link WsServerConfig#listening()} false) every connection is hosted.
 */
public final class Engine {
    private final ServerContext context;
    private final EventLoop[] loops;
    /** Null when the engine does not listen on a port of its own. */
    private final ServerSocketChannel listener;
    private final AtomicInteger nextHostedLoop = new AtomicInteger();

    private Engine(ServerContext context, EventLoop[] loops, ServerSocketChannel listener) {
        this.context = context;
        this.loops = loops;
        this.listener = listener;
    }

    /**
     * Binds and starts the loops.
     *
     * @throws UncheckedIOException when the address cannot be bound (for example, the port is in use)
     */
    public static Engine start(WsServerConfig config) {
        ServerContext context = new ServerContext(config);
        EventLoop[] loops = new EventLoop[config.eventLoops()];
        ServerSocketChannel listener = null;
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(context, i);
            }
            if (config.listening()) {
                listener = ServerSocketChannel.open();
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), config.backlog());
                listener.configureBlocking(false);
                listener.register(loops[0].selector(), SelectionKey.OP_ACCEPT, new Acceptor(listener, loops));
            }
        } catch (IOException e) {
            closeAll(loops, listener);
            if (context.tls != null) {
                context.tls.close();
            }
            throw new UncheckedIOException("cannot listen on " + config.bindAddress().getHostAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
        return new Engine(context, loops, listener);
    }

    private static void closeAll(EventLoop[] loops, ServerSocketChannel listener) {
        for (EventLoop loop : loops) {
            if (loop != null) {
                try {
                    loop.selector().close();
                } catch (IOException ignored) {
                    // nothing more to release
                }
            }
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** {@return the port listened on; -1 when the engine listens on none} */
    public int port() {
        return listener == null ? -1 : listener.socket().getLocalPort();
    }

    ServerContext context() {
        return context;
    }

    /** {@return true when a route serves the path} */
    public boolean serves(String path) {
        return context.handshaker.serves(path);
    }

    /** Decides a host's upgrade request: see {@link HostedDecision}. */
    public CompletionStage<HostedDecision> decide(HostedRequest request) {
        return HostedDecision.decide(this, request);
    }

    /** Runs an accepted hosted session on the next loop in turn. */
    HostedConnection openHosted(Handshaker.Outcome outcome, HostedChannel channel, InetSocketAddress remote,
            InetSocketAddress local) {
        EventLoop loop = loops[Math.floorMod(nextHostedLoop.getAndIncrement(), loops.length)];
        HostedTransport transport = new HostedTransport(channel, loop);
        loop.adoptHosted(transport, outcome, remote, local);
        return transport;
    }

    /** Messages dropped under {@link io.wsengine.OverflowPolicy#DROP} since start. */
    public long droppedMessages() {
        return context.droppedMessages.sum();
    }

    /** Open connections, handshakes included. For tests and metrics; not exact while loops run. */
    public int connectionCount() {
        int total = 0;
        for (EventLoop loop : loops) {
            total += loop.connectionCount();
        }
        return total;
    }

    /** {@return each loop's lag and liveness, in the loops' order} */
    public List<LoopStatus> loopStatuses() {
        List<LoopStatus> statuses = new ArrayList<>(loops.length);
        for (EventLoop loop : loops) {
            statuses.add(loop.status());
        }
        return statuses;
    }

    /**
     * Stops accepting, sends 1001 to every session, waits up to {@code grace} for the close
     * handshakes, then closes whatever is left and ends the loop threads.
     *
     * @return how many connections were still open when the grace period ended, and were cut
     */
    public int stop(Duration grace) {
        if (inEventLoop()) {
            throw new IllegalStateException("stop() waits for the event loops to end, so it cannot run on one;"
                    + " call it from another thread");
        }
        CompletableFuture<Void> unregistered = new CompletableFuture<>();
        loops[0].execute(() -> closeListener(unregistered));
        awaitOnLoop(loops[0], unregistered);
        CompletableFuture<?>[] drained = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            loops[i].beginShutdown();
            drained[i] = loops[i].drained();
        }
        awaitQuietly(CompletableFuture.allOf(drained), grace);
        boolean interrupted = false;
        int cut = 0;
        for (EventLoop loop : loops) {
            while (true) {
                try {
                    cut += loop.terminate();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // stopping must finish: wait on, and restore the flag after
                }
            }
        }
        if (context.tls != null) {
            context.tls.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return cut;
    }

    private void closeListener(CompletableFuture<Void> unregistered) {
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // the socket is gone either way
        }
        unregistered.complete(null);
    }

    /** Waits for the loop's task; a loop whose thread has died runs no task, so then it is done here. */
    private void awaitOnLoop(EventLoop loop, CompletableFuture<Void> done) {
        boolean interrupted = false;
        while (!done.isDone()) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!loop.isThreadAlive()) {
                    closeListener(done);
                }
            } catch (InterruptedException e) {
                interrupted = true; // stopping must finish: wait on, and restore the flag after
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the calling thread is one of this server's event loops. */
    public boolean inEventLoop() {
        for (EventLoop loop : loops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the grace period is over: what is left is closed hard
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cut the grace period short; the loops still end below
        }
    }

    /** The TLS settings in force; null when the server is plain. */
    public TlsConfig tls() {
        return context.tls == null ? null : context.tls.config();
    }

    /**
     * Swaps the TLS context: new handshakes use it, open connections keep theirs.
     *
     * @throws IllegalStateException    when the server is plain
     * @throws IllegalArgumentException when the context does not support the protocols or cipher suites set
     */
    public void updateTls(SSLContext sslContext) {
        if (context.tls == null) {
            throw new IllegalStateException("this server is plain ws://: configure WsServerConfig.builder().tls(...)"
                    + " to serve wss://");
        }
        context.tls.update(sslContext);
    }

    /** Open sessions by route and group. */
    /** {@return the route's message counts, or none for an unknown template} */
    public MessageCounts messageCounts(String routePath) {
        RouteTraffic traffic = context.traffic(routePath);
        return traffic == null ? MessageCounts.NONE : traffic.read();
    }

    /** Takes a snapshot: see {@link Snapshots}. */
    public CompletionStage<ServerSnapshot> snapshot(String routePath) {
        return Snapshots.take(context, loops, routePath);
    }

    public SessionRegistry registry() {
        return context.registry;
    }
}
