package io.wsengine.bench.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the soak's clients did to one server: runs and failures per scenario, notable outcomes, connections. */
final class ScenarioStats {
    private static final int MAX_ERROR_SAMPLES = 20;

    private final Map<Scenario, LongAdder> runs = new EnumMap<>(Scenario.class);
    private final Map<Scenario, LongAdder> failures = new EnumMap<>(Scenario.class);
    private final Map<String, LongAdder> notes = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    ScenarioStats() {
        for (Scenario s : Scenario.values()) {
            runs.put(s, new LongAdder());
            failures.put(s, new LongAdder());
        }
    }

    void ran(Scenario scenario, int connectionsOpened) {
        runs.get(scenario).increment();
        connections.addAndGet(connectionsOpened);
    }

    void failed(Scenario scenario, String why) {
        failures.get(scenario).increment();
        error(scenario + ": " + why);
    }

    /** A failure outside the scenarios (the load generator's runs, a client thread that did not stop). */
    void error(String why) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(why);
            }
        }
    }

    /** Connections the load generator opened (churn waves, echo runs, broadcast storms). */
    void addConnections(long n) {
        connections.addAndGet(n);
    }

    /** An outcome worth counting that is not a failure, such as which close code a slow reader got. */
    void note(String outcome) {
        notes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    long connections() {
        return connections.get();
    }

    long errors() {
        return errors.get();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    long runs(Scenario s) {
        return runs.get(s).sum();
    }

    long failures(Scenario s) {
        return failures.get(s).sum();
    }

    Map<String, Long> notes() {
        Map<String, Long> copy = new TreeMap<>();
        notes.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
