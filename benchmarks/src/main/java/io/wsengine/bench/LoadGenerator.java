package io.wsengine.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket load generator on plain java.nio (no WebSocket library): it does the upgrade itself,
 * masks every frame with a fresh key, parses the server's frames incrementally and checks every
 * echoed payload, content and order. Three modes:
 *
 * <ul>
 *   <li><b>echo</b>: C connections each keep P messages in flight (P = 1 is strict
 *       request/response); reports messages/s, MB/s and round-trip latency percentiles;</li>
 *   <li><b>broadcast</b>: N receivers and one publisher that sends a message carrying a sequence
 *       number and its send time every interval; the server sends it to all; every receiver must get
 *       every message in order; reports delivery latency and the server's CPU per delivery;</li>
 *   <li><b>connect-only</b>: opens N idle connections (spread over source addresses 127.0.0.2, .3,
 *       ...) and holds them; with {@code --server-pid}, reports the server's RSS and live heap per
 *       connection after a full GC.</li>
 * </ul>
 *
 * <p>Every run is bounded in time and stops by itself. It prints a human-readable report and one JSON
 * line; the exit status is 0 only without errors. Run {@code LoadGenerator --help} for the options.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
                System.out.print(LoadOptions.USAGE);
                System.exit(args.length == 0 ? 2 : 0);
                return;
            }
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        LoadResult result = options.mode == LoadOptions.Mode.CONNECT_ONLY ? connectOnly(options, options.hold) : run(options);
        System.out.print(result.toHuman());
        System.out.println(result.toJson());
        System.exit(result.errors == 0 ? 0 : 1);
    }

    /** An echo or broadcast run: connect, warm up, measure, wait for the last messages, close. */
    public static LoadResult run(LoadOptions options) {
        if (options.mode == LoadOptions.Mode.CONNECT_ONLY) {
            return connectOnly(options, Duration.ZERO);
        }
        LoadRun run = new LoadRun(options);
        LoadResult result = describe(options, run);
        long connectStart = System.nanoTime();
        run.start();
        long generatorCpu0 = -1;
        long generatorCpu1 = -1;
        long serverCpu0 = -1;
        long serverCpu1 = -1;
        long brokerCpu0 = -1;
        long brokerCpu1 = -1;
        long[] threadCpu0 = null;
        long[] threadCpu1 = null;
        try {
            if (!run.awaitConnected(connectBudget(options))) {
                notEstablished(run, options);
            }
            result.connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            result.opened = run.openCount();
            if (result.opened == 0) {
                run.error("no connection could be opened");
            } else {
                if (options.mode == LoadOptions.Mode.BROADCAST) {
                    // Some servers add a session to their broadcast set just after writing the 101:
                    // give the last ones time, so that every receiver can be expected to get message #0.
                    LoadRun.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
                }
                run.go(options.warmup, options.duration);
                LoadRun.parkUntil(run.warmupEnd);
                threadCpu0 = run.threadCpuNanos();
                generatorCpu0 = ProcStats.selfCpuNanos();
                serverCpu0 = ProcStats.cpuNanos(options.serverPids);
                brokerCpu0 = options.brokerPid > 0 ? ProcStats.cpuNanos(options.brokerPid) : -1;
                LoadRun.parkUntil(run.measureEnd);
                threadCpu1 = run.threadCpuNanos();
                generatorCpu1 = ProcStats.selfCpuNanos();
                serverCpu1 = ProcStats.cpuNanos(options.serverPids);
                brokerCpu1 = options.brokerPid > 0 ? ProcStats.cpuNanos(options.brokerPid) : -1;
                result.serverRssKiB = ProcStats.rssKiB(options.serverPids);
                result.serverProcesses = options.serverPids.size();
                if (!run.awaitDrained(options.drainTimeout)) {
                    long missing = run.missing();
                    run.error((missing == Long.MAX_VALUE ? "the publisher did not finish; messages"
                            : missing + (options.mode == LoadOptions.Mode.ECHO ? " echoes" : " deliveries"))
                            + " still missing " + Durations.format(options.drainTimeout) + " after the measurement");
                }
            }
        } finally {
            run.close(false);
        }
        result.failed = run.failedCount();
        result.tls = run.negotiatedTls();
        result.windowSeconds = options.duration.toNanos() / 1e9;
        result.messages = run.windowMessages();
        result.messagesPerSecond = result.messages / result.windowSeconds;
        result.megabytesPerSecond = result.messages * (double) options.size / result.windowSeconds / 1e6;
        result.latencies(run.histogram());
        result.extensions = run.agreedExtensions();
        if (options.mode == LoadOptions.Mode.ECHO && result.messages > 0) {
            result.wireBytesSentPerMessage = (double) run.windowBytesSent() / result.messages;
            result.wireBytesReceivedPerMessage = (double) run.windowBytesReceived() / result.messages;
        }
        result.published = run.published();
        result.arrivalsPerSecond = run.windowArrivals() / result.windowSeconds;
        // CPU per message: the messages handled during the window (for a broadcast, the deliveries
        // that arrived in it, which is the work a server that falls behind actually did).
        long handled = options.mode == LoadOptions.Mode.BROADCAST ? run.windowArrivals() : result.messages;
        if (generatorCpu0 >= 0 && generatorCpu1 >= 0) {
            long nanos = generatorCpu1 - generatorCpu0;
            result.generatorCpuPercent = 100.0 * nanos / options.duration.toNanos();
            result.generatorCpus = Runtime.getRuntime().availableProcessors();
            result.generatorCpuMicrosPerMessage = handled == 0 ? -1 : nanos / 1000.0 / handled;
        }
        if (threadCpu0 != null && threadCpu1 != null) {
            long busiest = -1;
            for (int i = 0; i < threadCpu0.length; i++) {
                if (threadCpu0[i] >= 0 && threadCpu1[i] >= 0) {
                    busiest = Math.max(busiest, threadCpu1[i] - threadCpu0[i]);
                }
            }
            result.generatorBusiestThreadPercent = busiest < 0 ? -1 : 100.0 * busiest / options.duration.toNanos();
        }
        if (serverCpu0 >= 0 && serverCpu1 >= 0) {
            long nanos = serverCpu1 - serverCpu0;
            result.serverCpuPercent = 100.0 * nanos / options.duration.toNanos();
            result.serverCpuMicrosPerMessage = handled == 0 ? -1 : nanos / 1000.0 / handled;
        }
        if (brokerCpu0 >= 0 && brokerCpu1 >= 0) {
            long nanos = brokerCpu1 - brokerCpu0;
            result.brokerCpuPercent = 100.0 * nanos / options.duration.toNanos();
            result.brokerCpuMicrosPerMessage = handled == 0 ? -1 : nanos / 1000.0 / handled;
        }
        result.errors = run.errors();
        result.errorSamples = run.errorSamples();
        return result;
    }

    /**
     * Opens N idle connections and holds them for {@code hold}; with a server pid, measures the
     * server's RSS and live heap after a full GC before and after.
     */
    public static LoadResult connectOnly(LoadOptions options, Duration hold) {
        LoadResult result = null;
        long pid = options.serverPid();
        long rssBefore = -1;
        long liveBefore = -1;
        if (pid > 0) {
            ProcStats.fullGc(options.jcmd, pid);
            liveBefore = ProcStats.liveHeapBytes(options.jcmd, pid);
            rssBefore = ProcStats.rssKiB(pid);
        }
        try (IdleConnections idle = openIdle(options)) {
            long heldSince = System.nanoTime();
            result = idle.result;
            result.rssBeforeKiB = rssBefore;
            result.liveHeapBeforeBytes = liveBefore;
            if (pid > 0) {
                // Let the server finish what it does after a handshake before collecting.
                LoadRun.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
                ProcStats.fullGc(options.jcmd, pid);
                result.liveHeapAfterBytes = ProcStats.liveHeapBytes(options.jcmd, pid);
                result.rssAfterKiB = ProcStats.rssKiB(pid);
            }
            LoadRun.parkUntil(heldSince + hold.toNanos());
            result.dropped = idle.dropped();
        }
        return result;
    }

    /** Opens the idle connections of a connect-only run; close the result to reset them all. */
    public static IdleConnections openIdle(LoadOptions options) {
        LoadRun run = new LoadRun(options);
        LoadResult result = describe(options, run);
        long start = System.nanoTime();
        run.start();
        if (!run.awaitConnected(connectBudget(options))) {
            notEstablished(run, options);
        }
        result.connectSeconds = (System.nanoTime() - start) / 1e9;
        result.opened = run.openCount();
        result.tls = run.negotiatedTls();
        result.extensions = run.agreedExtensions();
        return new IdleConnections(run, result);
    }

    private static void notEstablished(LoadRun run, LoadOptions options) {
        int total = options.connections + (options.mode == LoadOptions.Mode.BROADCAST ? 1 : 0);
        run.error((total - run.openCount() - run.failedCount()) + " of " + total + " connections not established within "
                + Durations.format(connectBudget(options)));
    }

    private static Duration connectBudget(LoadOptions options) {
        // A TLS handshake costs each side a key exchange and a signature: milliseconds of CPU, not micros.
        return options.connectTimeout.plusMillis((options.tls != null ? 20L : 2L) * options.connections);
    }

    private static LoadResult describe(LoadOptions options, LoadRun run) {
        LoadResult r = new LoadResult();
        r.mode = options.mode;
        r.url = options.url.toString();
        options.receiverUrls.forEach(u -> r.receiverUrls.add(u.toString()));
        r.connections = options.connections;
        r.inFlight = options.inFlight;
        r.size = options.size;
        r.binary = options.binary;
        r.json = options.json;
        r.deflateOffer = options.deflate == null ? null : options.deflate.header;
        r.threads = run.workers.length;
        return r;
    }

    /** Idle connections held open until {@link #close()}, which resets them (no TIME_WAIT left). */
    public static final class IdleConnections implements AutoCloseable {
        private final LoadRun run;
        private final LoadResult result;
        private boolean closed;

        IdleConnections(LoadRun run, LoadResult result) {
            this.run = run;
            this.result = result;
        }

        public int opened() {
            return result.opened;
        }

        /** Connections that were open and are no longer. */
        public int dropped() {
            return Math.max(0, result.opened - run.openCount());
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            run.close(true);
            result.failed = run.failedCount();
            result.errors = run.errors();
            result.errorSamples = run.errorSamples();
        }
    }
}
