package io.wsengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Optionally gives the load generator and the servers CPUs of their own ({@code taskset}): the
 * generator (this JVM) on CPU 0, each server on the others. Unpinned, both share every core, and on a
 * small machine a server's throughput then depends as much on how much CPU the generator leaves it as
 * on the server itself; pinned, each side has what a machine of its own would give it.
 */
final class CpuPinning {
    private final boolean enabled;
    private final String serverCpus;

    private CpuPinning(boolean enabled, String serverCpus) {
        this.enabled = enabled;
        this.serverCpus = serverCpus;
    }

    static CpuPinning none() {
        return new CpuPinning(false, null);
    }

    /** Generator on CPU 0, servers on CPUs 1 to n-1; needs at least two CPUs. */
    static CpuPinning split(int cpus) {
        if (cpus < 2) {
            throw new IllegalArgumentException("--pin needs at least 2 CPUs; this machine has " + cpus);
        }
        return new CpuPinning(true, cpus == 2 ? "1" : "1-" + (cpus - 1));
    }

    /** Pins every thread of this JVM, and so every thread it starts later, to CPU 0. */
    void pinThisProcess() {
        if (enabled) {
            run(List.of("taskset", "-a", "-p", "-c", "0", Long.toString(ProcessHandle.current().pid())));
        }
    }

    /** What goes before a server's {@code java} command. */
    List<String> serverCommandPrefix() {
        return enabled ? List.of("taskset", "-c", serverCpus) : List.of();
    }

    String describe() {
        return enabled ? "pinned: load generator on CPU 0, each server on CPU " + serverCpus + " (taskset)"
                : "not pinned: servers and load generator share every CPU";
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("failed: " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " (is util-linux installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
