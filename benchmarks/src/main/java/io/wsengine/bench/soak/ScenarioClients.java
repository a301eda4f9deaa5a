package io.wsengine.bench.soak;

import io.wsengine.bench.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The client threads of one period: light ones play the cheap scenarios in rotation, heavy ones the
 * costly ones, back to back. Each loop stops by itself at the end of the period's traffic or after
 * {@link SoakSettings#maxScenariosPerPeriod} scenarios, whichever comes first; each scenario is
 * bounded by {@link SoakSettings#scenarioTimeout}.
 */
final class ScenarioClients {
    private final ServerProcess server;
    private final SoakSettings settings;
    private final ScenarioStats stats;
    private final ScheduledExecutorService watchdogs;

    ScenarioClients(ServerProcess server, SoakSettings settings, ScenarioStats stats, ScheduledExecutorService watchdogs) {
        this.server = server;
        this.settings = settings;
        this.stats = stats;
        this.watchdogs = watchdogs;
    }

    /** Starts the period's client threads; {@link #join} waits for them. */
    List<Thread> start(long trafficEnd, long seed) {
        List<Thread> threads = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < settings.lightClients + settings.heavyClients; i++) {
            boolean heavy = i >= settings.lightClients;
            SplittableRandom random = new SplittableRandom(seed * 31 + index++);
            Thread t = new Thread(() -> loop(Scenario.rotation(heavy), trafficEnd, random),
                    "soak-" + server.spec.name() + (heavy ? "-heavy-" : "-light-") + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /** Waits for the threads; one still running a scenario past its own bound is reported. */
    void join(List<Thread> threads) throws InterruptedException {
        long bound = System.nanoTime() + settings.scenarioTimeout.plusSeconds(5).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(bound - System.nanoTime())));
            if (t.isAlive()) {
                stats.error(t.getName() + " did not stop within its scenario's bound");
            }
        }
    }

    private void loop(List<Scenario> rotation, long trafficEnd, SplittableRandom random) {
        int offset = random.nextInt(rotation.size()); // so that two threads do not play the same scenario in step
        for (int n = 0; n < settings.maxScenariosPerPeriod && System.nanoTime() - trafficEnd < 0; n++) {
            Scenario scenario = rotation.get((n + offset) % rotation.size());
            try (ScenarioConnections connections = new ScenarioConnections(server, watchdogs, settings.scenarioTimeout)) {
                scenario.body.run(connections, random, stats);
                stats.ran(scenario, 1);
            } catch (Exception e) {
                stats.ran(scenario, 1);
                stats.failed(scenario, e instanceof Scenarios.Unexpected ? e.getMessage() : e.toString());
            }
        }
    }
}
