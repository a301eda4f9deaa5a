package io.wsengine.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Workload F, like Autobahn's case 9.3.1: one text message sent in small fragments on a fresh
 * connection, echoed back whole; the time from the first byte written to the last byte of the echo
 * read. It measures how a server assembles fragments: one that copies what it has at every
 * continuation does quadratic work. The frames are built and masked before the clock starts, and
 * written by a thread of their own while this one reads, so the client never holds the server back.
 * Each attempt is bounded in time and ends by itself (a reset) when it runs out.
 */
final class AssemblyBenchmark {
    /** A message size and a fragment size. */
    record Case(String name, int messageBytes, int fragmentBytes) {
    }

    /** The 9.3.1-like case first; then finer fragments of smaller messages, which cost about as much per fragment. */
    static final List<Case> CASES = List.of(
            new Case("4 MiB in 64 B fragments", 4 << 20, 64),
            new Case("1 MiB in 16 B fragments", 1 << 20, 16),
            new Case("256 KiB in 2 B fragments", 256 << 10, 2));

    /** Untimed, before the cases: so that the first timed attempt does not measure the JIT compiling the assembly. */
    static final Case WARM_UP = new Case("512 KiB in 64 B fragments", 512 << 10, 64);

    /** The route the servers give a 16 MiB message limit for this workload. */
    static final String PATH = "/large";

    /** One attempt: its time in milliseconds, or why it has none. */
    record Attempt(double millis, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** The attempts of one case on one server, in order. */
    record Result(Case c, List<Attempt> attempts) {
        /** Median of the successful attempts; NaN when none succeeded. */
        double medianMillis() {
            double[] times = attempts.stream().filter(Attempt::ok).mapToDouble(Attempt::millis).sorted().toArray();
            if (times.length == 0) {
                return Double.NaN;
            }
            int n = times.length;
            return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
        }

        long errors() {
            return attempts.stream().filter(a -> !a.ok()).count();
        }

        String firstError() {
            return attempts.stream().filter(a -> !a.ok()).map(Attempt::error).findFirst().orElse(null);
        }
    }

    private AssemblyBenchmark() {
    }

    /** Why a server of the comparison is left out of F, or null when it is measured. */
    static String notMeasured(ServerProcess.Spec server) {
        if (server.tls()) {
            return "F's client (BlockingWsClient) speaks ws:// only";
        }
        if (server.cluster()) {
            return "a cluster runs E only";
        }
        return server.name().equals("tomcat") ? "its echo handler takes partial messages and sends each part back as"
                + " it comes: there is no assembly to measure" : null;
    }

    /**
     * Runs every case {@code repetitions} times, after one untimed {@link #WARM_UP} attempt whose
     * outcome is not kept. After an attempt that timed out, the case's further attempts are skipped:
     * they would take the whole bound again.
     */
    static List<Result> measure(URI url, List<Case> cases, int repetitions, Duration timeout) {
        once(url, WARM_UP, timeout);
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                Attempt a = once(url, c, timeout);
                attempts.add(a);
                if (!a.ok() && a.error().startsWith("timed out")) {
                    break;
                }
            }
            results.add(new Result(c, attempts));
        }
        return results;
    }

    /** One message of the case, on a connection of its own. */
    static Attempt once(URI url, Case c, Duration timeout) {
        byte[] payload = payload(c.messageBytes());
        byte[] wire = BlockingWsClient.fragmented(BlockingWsClient.TEXT, payload, c.fragmentBytes());
        long deadline = System.nanoTime() + timeout.toNanos();
        BlockingWsClient client;
        try {
            client = BlockingWsClient.open(url, deadline);
        } catch (java.net.SocketTimeoutException e) {
            return new Attempt(Double.NaN, "timed out: no upgrade within " + Durations.format(timeout));
        } catch (IOException e) {
            return new Attempt(Double.NaN, "connect: " + e);
        }
        AtomicLong started = new AtomicLong();
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            started.set(System.nanoTime());
            try {
                client.write(wire, 0, wire.length);
            } catch (IOException e) {
                writeFailure.set(e);
            }
        }, "wsbench-fragments-writer");
        writer.setDaemon(true);
        try {
            writer.start();
            BlockingWsClient.Frame echo = client.readMessage();
            long end = System.nanoTime();
            if (echo.opcode() != BlockingWsClient.TEXT) {
                return new Attempt(Double.NaN, "expected the text echo, got opcode " + echo.opcode()
                        + (echo.opcode() == BlockingWsClient.CLOSE ? " (close " + echo.closeCode() + ")" : ""));
            }
            if (!Arrays.equals(echo.payload(), payload)) {
                return new Attempt(Double.NaN, "the echo (" + echo.payload().length + " bytes) differs from the "
                        + payload.length + " bytes sent");
            }
            writer.join(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())) + 1);
            return new Attempt((end - started.get()) / 1e6, null);
        } catch (java.net.SocketTimeoutException e) {
            return new Attempt(Double.NaN, "timed out: no whole echo within " + Durations.format(timeout));
        } catch (IOException e) {
            IOException w = writeFailure.get();
            return new Attempt(Double.NaN, e + (w != null ? " (writing: " + w + ")" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Double.NaN, "interrupted");
        } finally {
            client.abort(); // ends a write the server never took, too
            try {
                writer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Printable ASCII: valid UTF-8 however it is cut into fragments. */
    static byte[] payload(int size) {
        byte[] payload = new byte[size];
        SplittableRandom random = new SplittableRandom(931);
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (0x21 + random.nextInt(0x7e - 0x21 + 1));
        }
        return payload;
    }

    static String formatMillis(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return millis >= 10_000 ? String.format(Locale.ROOT, "%,.0f", millis) : String.format(Locale.ROOT, "%,.1f", millis);
    }
}
