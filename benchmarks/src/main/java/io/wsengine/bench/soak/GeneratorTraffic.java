package io.wsengine.bench.soak;

import io.wsengine.bench.LoadGenerator;
import io.wsengine.bench.LoadOptions;
import io.wsengine.bench.LoadResult;
import io.wsengine.bench.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load generator's part of a period, one run after another until the period's traffic ends:
 * a churn wave (a thousand connections opened at once, then reset), broadcast storms (to a route's
 * sessions and to a group at the same time, every delivery checked in order) and an echo run that
 * ends with a close handshake on every connection. Each run is bounded by its own durations and
 * timeouts.
 */
final class GeneratorTraffic {
    private final ServerProcess server;
    private final SoakSettings settings;
    private final ScenarioStats stats;

    GeneratorTraffic(ServerProcess server, SoakSettings settings, ScenarioStats stats) {
        this.server = server;
        this.settings = settings;
        this.stats = stats;
    }

    Thread start(long trafficEnd, int period) {
        Thread t = new Thread(() -> loop(trafficEnd, period), "soak-" + server.spec.name() + "-generator");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The longest a run may take past the end of the traffic: connecting, its window, draining, closing. */
    Duration overrun() {
        return settings.generatorTimeout.multipliedBy(2).plus(settings.generatorRun).plusSeconds(15);
    }

    private void loop(long trafficEnd, int period) {
        // Start where the last period left off, so that short periods still see every kind of run.
        // A run needs about its window: one started later would make the period's sample late.
        long lastStart = trafficEnd - settings.generatorRun.toNanos();
        for (int n = period; n < period + 1000 && System.nanoTime() - lastStart < 0; n++) {
            switch (n % 3) {
                case 0 -> churnWave();
                case 1 -> storms();
                default -> echo();
            }
        }
    }

    private void churnWave() {
        LoadOptions o = LoadOptions.connectOnly(server.url("/echo"), settings.churnConnections)
                .connectTimeout(settings.generatorTimeout);
        LoadResult r = LoadGenerator.connectOnly(o, Duration.ZERO); // held for no time: reset as soon as all are open
        check("churn wave", r, settings.churnConnections);
    }

    private void echo() {
        LoadOptions o = LoadOptions.echo(server.url("/echo"), settings.echoConnections, 4, 256, false);
        check("echo run", LoadGenerator.run(bounded(o)), settings.echoConnections);
    }

    /** A storm on {@code /broadcast} and one on a group at the same time. */
    private void storms() {
        LoadOptions route = LoadOptions.broadcast(server.url("/broadcast"), settings.stormReceivers)
                .interval(settings.stormInterval);
        LoadOptions group = LoadOptions.broadcast(server.url("/group/storm"), settings.groupStormReceivers)
                .interval(settings.stormInterval);
        // A thread of its own, not the common pool: on 2 cores that has one thread for both servers' storms.
        FutureTask<LoadResult> groupStorm = new FutureTask<>(() -> LoadGenerator.run(bounded(group)));
        Thread t = new Thread(groupStorm, "soak-" + server.spec.name() + "-group-storm");
        t.setDaemon(true);
        t.start();
        check("broadcast storm", LoadGenerator.run(bounded(route)), settings.stormReceivers + 1);
        try {
            check("group storm", groupStorm.get(overrun().toMillis(), TimeUnit.MILLISECONDS), settings.groupStormReceivers + 1);
        } catch (ExecutionException | TimeoutException e) {
            stats.error("group storm: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LoadOptions bounded(LoadOptions o) {
        return o.warmup(Duration.ZERO).duration(settings.generatorRun).connectTimeout(settings.generatorTimeout)
                .drainTimeout(settings.generatorTimeout);
    }

    private void check(String what, LoadResult r, int connections) {
        stats.addConnections(r.opened);
        if (r.errors > 0 || r.opened < connections) {
            List<String> samples = r.errorSamples.subList(0, Math.min(3, r.errorSamples.size()));
            stats.error(what + ": " + r.errors + " errors, " + r.opened + " of " + connections + " opened: " + samples);
        }
    }
}
