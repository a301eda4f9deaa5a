package io.wsengine.bench.soak;

import io.wsengine.bench.ProcStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One look at the server process: open descriptors ({@code /proc/PID/fd}, sockets among them),
 * threads ({@code Threads:} of {@code /proc/PID/status}), resident memory ({@code VmRSS:}) and
 * live heap after a full collection. The live heap is what {@code jcmd PID GC.class_histogram}
 * counts: the JVM collects and sums the reachable objects in one safepoint, so the figure is exact
 * to the byte and nothing allocated between two commands slips in (as it could between
 * {@code GC.run} and {@code GC.heap_info}, which also rounds to KiB and counts region waste).
 * -1 where a figure could not be read.
 */
record ServerSample(double seconds, int fds, int sockets, int threads, long liveHeapBytes, long rssKiB,
                    long connections, long errors) {

    /** The /proc figures first (a collection moves none of them), then the histogram. */
    static ServerSample take(long pid, String jcmd, double seconds, long connections, long errors) {
        int fds = -1;
        int sockets = 0;
        Path dir = Path.of("/proc", Long.toString(pid), "fd");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            fds = 0;
            for (Path fd : entries) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed while we looked: still counted, it was open when listed
                }
            }
        } catch (IOException e) {
            sockets = -1;
        }
        int threads = statusField(pid, "Threads:");
        long rss = ProcStats.rssKiB(pid);
        long live = ProcStats.liveHeapBytes(jcmd, pid);
        return new ServerSample(seconds, fds, sockets, threads, live, rss, connections, errors);
    }

    /** Open descriptors only: cheap enough to poll while waiting for the server to settle. */
    static int fds(long pid) {
        return ProcStats.openDescriptors(pid);
    }

    private static int statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    return Integer.parseInt(line.substring(name.length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }
}
