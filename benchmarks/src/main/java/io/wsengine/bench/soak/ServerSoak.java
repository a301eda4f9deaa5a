package io.wsengine.bench.soak;

import io.wsengine.bench.LoadGenerator;
import io.wsengine.bench.LoadOptions;
import io.wsengine.bench.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The soak of one server process. It opens the held idle connections, takes a first sample, then
 * repeats periods of one interval each: traffic (scenario clients and load-generator runs, all
 * ending by themselves before the period does), a wait for the server's descriptors to come back to
 * where they were (bounded), and a sample. Sampling in these quiet moments measures what the server
 * retains, not what is in flight. At the end the held connections must all still be open.
 */
final class ServerSoak {
    private final ServerProcess server;
    private final SoakSettings settings;
    private final String jcmd;
    private final Consumer<String> log;
    private final ScenarioStats stats = new ScenarioStats();
    private final List<ServerSample> samples = new ArrayList<>();

    ServerSoak(ServerProcess server, SoakSettings settings, String jcmd, Consumer<String> log) {
        this.server = server;
        this.settings = settings;
        this.jcmd = jcmd;
        this.log = log;
    }

    SoakResult run() {
        long pid = server.pid();
        ScheduledThreadPoolExecutor watchdogs = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "soak-" + server.spec.name() + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdogs.setRemoveOnCancelPolicy(true); // a scenario that ends in time cancels its watchdog: drop it at once
        ScenarioClients clients = new ScenarioClients(server, settings, stats, watchdogs);
        GeneratorTraffic generator = new GeneratorTraffic(server, settings, stats);
        int dropped = -1;
        String abort = null;
        LoadOptions heldOptions = LoadOptions.connectOnly(server.url("/echo"), settings.heldConnections)
                .connectTimeout(settings.generatorTimeout);
        try (LoadGenerator.IdleConnections held = LoadGenerator.openIdle(heldOptions)) {
            stats.addConnections(held.opened());
            if (held.opened() < settings.heldConnections) {
                stats.error("held connections: " + held.opened() + " of " + settings.heldConnections + " opened");
            }
            long start = System.nanoTime();
            sample(pid, start);
            long end = start + settings.duration.toNanos();
            for (int period = 1; System.nanoTime() - end < 0; period++) {
                long due = Math.min(end, start + period * settings.interval.toNanos());
                long trafficEnd = due - settings.quiet().toNanos();
                List<Thread> threads = clients.start(trafficEnd, period);
                Thread gen = generator.start(trafficEnd, period);
                clients.join(threads);
                gen.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(trafficEnd - System.nanoTime()) + generator.overrun().toMillis()));
                if (gen.isAlive()) {
                    stats.error("a load-generator run did not stop within its bounds");
                }
                if (!server.isAlive()) {
                    abort = server.spec.name() + " exited during the soak; its log ends with:\n" + server.logTail();
                    break;
                }
                settle(pid, due);
                sample(pid, start);
            }
            dropped = held.dropped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort = "interrupted";
        } catch (RuntimeException e) {
            abort = "the soak failed: " + e;
        } finally {
            watchdogs.shutdownNow();
        }
        return new SoakResult(server.spec, settings, List.copyOf(samples), stats, dropped, abort);
    }

    /**
     * Waits until the server holds no more descriptors than at the last sample (the period's
     * connections are gone), but at most until the sample is due or {@link SoakSettings#settle},
     * whichever is later: a server that keeps descriptors shows it in the sample.
     */
    private void settle(long pid, long due) {
        int before = samples.get(samples.size() - 1).fds();
        long bound = Math.max(due, System.nanoTime() + settings.settle.toNanos());
        while (ServerSample.fds(pid) > before && System.nanoTime() - bound < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling /proc: there is nothing to wait on
        }
        long now = System.nanoTime();
        if (now - due < 0) {
            LockSupport.parkNanos(due - now); // keep the sampling interval regular
        }
    }

    private void sample(long pid, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        ServerSample s = ServerSample.take(pid, jcmd, seconds, stats.connections(), stats.errors());
        samples.add(s);
        log.accept(SoakReport.progress(server.spec.name(), s));
    }
}
