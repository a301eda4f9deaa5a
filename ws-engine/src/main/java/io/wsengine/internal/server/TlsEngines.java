package io.wsengine.internal.server;

import io.wsengine.TlsConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Where a TLS server's connections get their {@link SSLEngine}s: from the settings in force, which
 * {@link #update} swaps while the server runs (new handshakes use the new context; open connections
 * keep the engine they have). Also the threads that run the engines' delegated tasks (the costly
 * part of a handshake), so that the event loops do not: measured with {@code HandshakeFloodMeasurement},
 * open sessions' round trips during a flood of 2,000 handshakes took p50 25-31 ms and p99 108-142 ms
 * with the tasks on the loops, 0.04 ms and 5 ms on one task thread (2 cores), for as many handshakes a second.
 */
final class TlsEngines {
    /** The settings and the parameters made from them, swapped together. */
    private record Current(TlsConfig config, SSLParameters parameters) {
    }

    private volatile Current current;
    private final ThreadPoolExecutor tasks;

    TlsEngines(TlsConfig config) {
        this.current = new Current(config, config.sslParameters());
        AtomicInteger threads = new AtomicInteger();
        this.tasks = new ThreadPoolExecutor(config.handshakeThreads(), config.handshakeThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "ws-tls-" + threads.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                });
        this.tasks.allowCoreThreadTimeOut(true); // an idle server keeps no task thread
    }

    /** The threads for the engines' delegated tasks; refuses tasks once the server stops. */
    Executor tasks() {
        return tasks;
    }

    /** Ends the task threads, dropping queued tasks (one in progress finishes); the loops have ended. */
    void close() {
        tasks.shutdownNow();
    }

    /** A server-side engine for one new connection. */
    SSLEngine newEngine() {
        Current now = current;
        SSLEngine engine = now.config().context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(now.parameters());
        return engine;
    }

    TlsConfig config() {
        return current.config();
    }

    /** Swaps the context; the protocols, cipher suites and client authentication stay. */
    void update(SSLContext context) {
        TlsConfig config = current.config().withContext(context);
        current = new Current(config, config.sslParameters());
    }
}
