package io.wsengine.spring.cluster;

import static io.wsengine.spring.cluster.PresenceAcrossNodesTest.BOUND;
import static io.wsengine.spring.cluster.PresenceAcrossNodesTest.REFRESH;
import static io.wsengine.spring.cluster.PresenceAcrossNodesTest.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.spring.testing.RedisServer;
import io.wsengine.spring.testing.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node that crashes: a second JVM (this test's classpath, {@link PresenceApp#main}) whose sessions are
 * present, killed with SIGKILL by its process id, so that nothing of it runs any more: no shutdown hook,
 * no clean stop, no last write. Its entries must be gone for the other node within the TTL, and the key
 * of a group that only it was in must expire by itself.
 */
class PresenceCrashTest {
    /** Reads, scheduling and Redis's own expiry cycle on a loaded machine, on top of the TTL. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();

    @Test
    void aKilledNodesEntriesLapseWithinTheTtl() throws Exception {
        List<String> ttl = List.of("ws.cluster.presence.ttl=" + TTL.toMillis() + "ms",
                "ws.cluster.presence.refresh-interval=" + REFRESH.toMillis() + "ms");
        ConfigurableApplicationContext survivor = PresenceApp.start(PresenceApp.properties(redis, true,
                ttl.toArray(String[]::new)));
        TestClient ada = null;
        Process victim = null;
        try {
            ada = TestClient.connect(PresenceApp.port(survivor), "/presence/shared/ada");
            assertThat(ada.nextText()).isEqualTo("entered");
            victim = startNode("grace", "shared,alone", ttl);
            WsPresence presence = survivor.getBean(WsPresence.class);
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(presence.members("shared")).containsExactlyInAnyOrder("ada", "grace");
                assertThat(presence.members("alone")).containsExactly("grace");
            });

            long pid = victim.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();

            // The group only the dead node was in: nobody reads or writes it, its key expires by itself.
            await().atMost(TTL.plus(SLACK)).until(() -> redis.command("EXISTS wsengine:presence:alone").equals(":0"));
            // The group a live node is in: reads skip the lapsed entry (and remove it).
            await().atMost(TTL.plus(SLACK)).untilAsserted(() ->
                    assertThat(presence.members("shared")).containsExactly("ada"));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThanOrEqualTo(TTL.plus(SLACK));
            assertThat(redis.command("ZCARD wsengine:presence:shared")).isEqualTo(":1");
        } finally {
            if (victim != null) {
                victim.destroyForcibly();
            }
            if (ada != null) {
                ada.close();
            }
            survivor.close();
        }
    }

    /** Starts {@link PresenceApp#main} in a JVM of its own and returns once its sessions are present. */
    private static Process startNode(String name, String groups, List<String> properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PresenceApp.class.getName(), Integer.toString(redis.port()), name, groups));
        command.addAll(properties);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Boolean> present = new CompletableFuture<>();
        // Reads the child's output to its end, so that it never blocks on a full pipe.
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.equals("present")) {
                        present.complete(true);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            present.complete(false);
        }, "presence-child-output");
        reader.setDaemon(true);
        reader.start();
        boolean ready;
        try {
            ready = present.get(BOUND.toSeconds() * 3, TimeUnit.SECONDS);
        } catch (Exception e) {
            ready = false;
        }
        if (!ready) {
            process.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("the second node did not start:\n" + output);
            }
        }
        return process;
    }
}
