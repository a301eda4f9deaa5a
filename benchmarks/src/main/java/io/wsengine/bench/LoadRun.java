package io.wsengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** The state one run shares between the controlling thread and the selector threads. */
final class LoadRun {
    private static final int MAX_ERROR_SAMPLES = 10;

    final LoadOptions options;
    final Payloads payloads;
    /** Where each URL of the run connects, resolved once. */
    private final java.util.Map<URI, InetSocketAddress> addresses = new java.util.HashMap<>();
    final CountDownLatch connected;
    final ClientWorker[] workers;
    private final Thread[] threads;

    volatile boolean go;
    volatile boolean closing;
    volatile boolean abortive;
    volatile long warmupEnd;
    volatile long measureEnd;
    volatile long publishedTotal = -1;

    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    LoadRun(LoadOptions options) {
        options.validate();
        this.options = options;
        this.payloads = options.mode == LoadOptions.Mode.CONNECT_ONLY && !options.oneMessageThenIdle() ? null
                : new Payloads(options.size, options.binary && options.mode == LoadOptions.Mode.ECHO, options.json);
        addresses.put(options.url, new InetSocketAddress(options.url.getHost(), options.url.getPort()));
        for (URI each : options.receiverUrls) {
            addresses.computeIfAbsent(each, u -> new InetSocketAddress(u.getHost(), u.getPort()));
        }
        boolean broadcast = options.mode == LoadOptions.Mode.BROADCAST;
        this.connected = new CountDownLatch(options.connections + (broadcast ? 1 : 0));
        int count = Math.max(1, Math.min(options.threads, options.connections));
        this.workers = new ClientWorker[count];
        this.threads = new Thread[count];
        for (int w = 0; w < count; w++) {
            List<Integer> ids = new ArrayList<>();
            for (int id = w; id < options.connections; id += count) {
                ids.add(id);
            }
            try {
                workers[w] = new ClientWorker(this, w, ids, broadcast && w == 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            threads[w] = new Thread(workers[w], "wsbench-client-" + w);
            threads[w].setDaemon(true);
        }
    }

    /** The socket address of one of the run's URLs ({@link LoadOptions#urlOf}); read-only once built. */
    InetSocketAddress address(URI url) {
        return addresses.get(url);
    }

    void start() {
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Waits until every connection is open or has failed; false on timeout. */
    boolean awaitConnected(Duration timeout) {
        try {
            return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void go(Duration warmup, Duration duration) {
        long start = System.nanoTime();
        warmupEnd = start + warmup.toNanos();
        measureEnd = warmupEnd + duration.toNanos();
        go = true;
        wakeAll();
    }

    static void parkUntil(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Waits until all expected echoes (deliveries) have arrived; false if some are still missing at the timeout. */
    boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (ClientWorker w : workers) {
                all &= w.drained || w.finished;
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    long missing() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.finished ? 0 : w.missing;
        }
        return sum;
    }

    /** Closes every connection (a close handshake, or a reset when {@code abort}) and ends the threads. */
    void close(boolean abort) {
        abortive = abort;
        closing = true;
        wakeAll();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                error(t.getName() + " did not stop within 10 s");
            }
        }
    }

    /** CPU time of each selector thread in nanoseconds (-1 where the JVM does not tell). */
    long[] threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpu = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            cpu[i] = mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(threads[i].getId()) : -1;
        }
        return cpu;
    }

    private void wakeAll() {
        for (ClientWorker w : workers) {
            w.wakeup();
        }
    }

    void publishingDone(long total) {
        publishedTotal = total;
    }

    void error(String message) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(message);
            }
        }
    }

    long errors() {
        return errors.get();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    int openCount() {
        int sum = 0;
        for (ClientWorker w : workers) {
            sum += w.openCount;
        }
        return sum;
    }

    int failedCount() {
        int sum = 0;
        for (ClientWorker w : workers) {
            sum += w.failedCount;
        }
        return sum;
    }

    /** After the threads ended: the merged latency histogram. */
    Histogram histogram() {
        Histogram all = new Histogram(ClientWorker.MAX_LATENCY_NANOS, 3);
        for (ClientWorker w : workers) {
            all.add(w.histogram);
        }
        return all;
    }

    long windowMessages() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.windowMessages;
        }
        return sum;
    }

    long windowArrivals() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.windowArrivals;
        }
        return sum;
    }

    /** The protocol and cipher suite of a TLS handshake done in this run; null for ws:// or before any. */
    String negotiatedTls() {
        for (ClientWorker w : workers) {
            String negotiated = w.negotiatedTls();
            if (negotiated != null) {
                return negotiated;
            }
        }
        return null;
    }

    /** WebSocket bytes the selector threads wrote during the measurement window (client to server). */
    long windowBytesSent() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.windowBytesSent;
        }
        return sum;
    }

    /** WebSocket bytes the selector threads read during the measurement window (server to client). */
    long windowBytesReceived() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.windowBytesReceived;
        }
        return sum;
    }

    /** The {@code Sec-WebSocket-Extensions} a server answered in this run; null when none did. */
    String agreedExtensions() {
        for (ClientWorker w : workers) {
            if (w.agreedExtensions != null) {
                return w.agreedExtensions;
            }
        }
        return null;
    }

    long published() {
        long sum = 0;
        for (ClientWorker w : workers) {
            sum += w.published;
        }
        return sum;
    }
}
