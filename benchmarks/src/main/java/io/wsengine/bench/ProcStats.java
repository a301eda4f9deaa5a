package io.wsengine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and memory of this process and of others (Linux {@code /proc}), and the few {@code jcmd}
 * calls the memory measurement needs. Values are -1 where the platform does not tell.
 */
public final class ProcStats {
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private ProcStats() {
    }

    /** CPU time (user + system) of this JVM in nanoseconds, GC and JIT threads included. */
    public static long selfCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** CPU time (user + system) of a process in nanoseconds, from {@code /proc/PID/stat}; -1 if unknown. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may contain spaces: split after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of several processes (a cluster's nodes), summed; -1 if none is given or one is unknown. */
    public static long cpuNanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            long cpu = cpuNanos(pid);
            if (cpu < 0) {
                return -1;
            }
            sum += cpu;
        }
        return pids.isEmpty() ? -1 : sum;
    }

    /** Resident set size of several processes in KiB, summed; -1 if none is given or one is unknown. */
    public static long rssKiB(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            long rss = rssKiB(pid);
            if (rss < 0) {
                return -1;
            }
            sum += rss;
        }
        return pids.isEmpty() ? -1 : sum;
    }

    /** Resident set size of a process in KiB ({@code VmRSS} of {@code /proc/PID/status}); -1 if unknown. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Open descriptors of a process (the entries of {@code /proc/PID/fd}); -1 if unknown. */
    public static int openDescriptors(long pid) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            int n = 0;
            for (Path ignored : entries) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs {@code jcmd PID GC.run}: a full collection. */
    public static void fullGc(String jcmd, long pid) {
        jcmd(jcmd, pid, "GC.run");
    }

    /**
     * Bytes of live objects: {@code jcmd PID GC.class_histogram} (which collects first, so only
     * reachable objects are counted) and its {@code Total} line; -1 if unknown.
     */
    public static long liveHeapBytes(String jcmd, long pid) {
        String out = jcmd(jcmd, pid, "GC.class_histogram");
        Matcher m = HISTOGRAM_TOTAL.matcher(out);
        long total = -1;
        while (m.find()) {
            total = Long.parseLong(m.group(2));
        }
        return total;
    }

    static String jcmd(String jcmd, long pid, String command) {
        List<String> cmd = new ArrayList<>(List.of(jcmd, Long.toString(pid), command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out;
            try {
                out = p.getInputStream().readAllBytes();
            } finally {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The {@code jcmd} beside a {@code java} executable, or beside the running JVM's. */
    public static String jcmdBeside(String java) {
        Path dir = java == null ? Path.of(System.getProperty("java.home"), "bin") : Path.of(java).toAbsolutePath().getParent();
        if (dir != null) {
            Path jcmd = dir.resolve("jcmd");
            if (Files.isExecutable(jcmd)) {
                return jcmd.toString();
            }
        }
        return "jcmd";
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            long ticks = Long.parseLong(out);
            return ticks > 0 ? ticks : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
