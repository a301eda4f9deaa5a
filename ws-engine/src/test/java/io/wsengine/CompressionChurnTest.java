package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.ClientDeflate;
import io.wsengine.testing.CompressedHandshake;
import io.wsengine.testing.CompressionChurnServer;
import io.wsengine.testing.RawWsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * 2,000 compressed connections opened, each echoing one compressed message, and closed, against a
 * server in a child JVM ({@link CompressionChurnServer}), half of them with context takeover (each
 * owning an Inflater and a Deflater), half without (borrowing them from the loop): zlib's native
 * memory must not stay behind. Two readings, as the JDK's Cleaner would free an unended one's memory
 * after a GC anyway: the count of Inflaters and Deflaters not yet ended returns to what it was after
 * a warm-up (and to zero once the server stops), and the child runs with no GC at all (Epsilon, its
 * whole heap touched at start), so its resident set can grow only by memory outside the heap, which
 * stays within a bound. (Measured that way, 1,000 Deflater and Inflater pairs used on a 1 KB message
 * and dropped without {@code end()} add about 95 MiB; ended, nothing.) The churn takes about 2 s.
 */
@EnabledOnOs(OS.LINUX)
class CompressionChurnTest {
    private static final int WARM_UP = 300;
    private static final int CONNECTIONS = 2000;
    /** What the resident set may grow by over the churn: code compiled, metaspace; not zlib's memory. */
    private static final long RSS_GROWTH_KIB = 32 * 1024;
    private static final Pattern REPORT = Pattern.compile("churn: zlib=(-?\\d+) rss=(\\d+) heap=(\\d+) open=(-?\\d+)");
    private static final String OFFER_WITHOUT_TAKEOVER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private record Report(long zlib, long rssKiB, long heapKiB, int open) {
    }

    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoThousandCompressedConnectionsLeaveNoZlibMemoryBehind() throws Exception {
        int port = startChild();
        churn(port, WARM_UP);
        Report warm = awaitNoSessions();

        long started = System.nanoTime();
        churn(port, CONNECTIONS);
        Report churned = awaitNoSessions();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Report stopped = command("stop");
        System.out.printf("compression churn: %d connections in %d ms; after the warm-up %s, after the churn %s,"
                + " stopped %s%n", CONNECTIONS, millis, warm, churned, stopped);

        assertThat(churned.heapKiB()).as("no GC ran: the heap in use only grew").isGreaterThan(warm.heapKiB());
        assertThat(churned.zlib()).as("Inflaters and Deflaters not ended, against after the warm-up").isEqualTo(warm.zlib());
        assertThat(stopped.zlib()).as("Inflaters and Deflaters not ended once the server stopped").isZero();
        assertThat(churned.rssKiB() - warm.rssKiB()).as("resident set growth in KiB, with no GC to free zlib's memory")
                .isLessThan(RSS_GROWTH_KIB);
    }

    private int startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC",
                "-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), CompressionChurnServer.class.getName())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::readChild, "churn-child-output");
        reader.setDaemon(true);
        reader.start();
        String first = reply();
        Matcher port = Pattern.compile("churn: port (\\d+)").matcher(first);
        assertThat(port.matches()).as("the child's first line, then: %s", output).isTrue();
        return Integer.parseInt(port.group(1));
    }

    private void readChild() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("churn: ")) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            output.add("reading the child failed: " + e);
        }
    }

    private String reply() {
        try {
            String line = replies.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("a reply from the child; its output: %s", output).isNotNull();
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Report command(String command) throws IOException {
        OutputStream in = child.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        Matcher report = REPORT.matcher(reply());
        assertThat(report.matches()).as("a report; the child's output: %s", output).isTrue();
        return new Report(Long.parseLong(report.group(1)), Long.parseLong(report.group(2)),
                Long.parseLong(report.group(3)), Integer.parseInt(report.group(4)));
    }

    /** {@return the child's report once its last session has closed} */
    private Report awaitNoSessions() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> command("report"), report -> report.open() == 0);
    }

    /** Opens, echoes one compressed message and closes {@code count} connections, one after another. */
    private static void churn(int port, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            boolean takeover = i % 2 == 0;
            String offer = takeover ? "permessage-deflate" : OFFER_WITHOUT_TAKEOVER;
            try (RawWsClient client = CompressedHandshake.open(port, "/echo", offer, offer);
                    ClientDeflate deflate = new ClientDeflate(takeover, takeover)) {
                byte[] message = json(i);
                client.sendRaw(RawWsClient.frame(true, 0x4, 0x1, true, deflate.compress(message)));
                RawWsClient.Frame echoed = client.readFrame();
                assertThat(echoed.rsv()).as("RSV1: compressed").isEqualTo(0x4);
                assertThat(deflate.inflate(echoed.payload())).isEqualTo(message);
                client.sendClose(1000, "");
                assertThat(client.readClose().closeCode()).isEqualTo(1000);
            }
        }
    }

    private static byte[] json(int seed) {
        StringBuilder text = new StringBuilder();
        for (int i = seed; text.length() < 1000; i++) {
            text.append("{\"room\":\"lobby\",\"n\":").append(i % 89).append(",\"text\":\"hello\"},");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
