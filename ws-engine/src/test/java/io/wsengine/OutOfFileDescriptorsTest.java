package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsengine.testing.PreloadedEchoServer;
import io.wsengine.testing.RawWsClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A server that runs out of file descriptors (EMFILE): a real one, the echo server in a child JVM under
 * {@code ulimit -n} ({@link PreloadedEchoServer}), flooded with more connections than it may open. A
 * failed accept leaves the connection in the backlog and the listening socket ready, so a naive
 * acceptor spins its event loop and logs a warning on every turn.
 */
@EnabledOnOs(OS.LINUX)
class OutOfFileDescriptorsTest {
    private static final int DESCRIPTOR_LIMIT = 96;
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+)");

    private final List<Socket> clients = new ArrayList<>();
    private RawWsClient session;
    private Process server;
    private Path output;

    @AfterEach
    void stop() throws Exception {
        closeClients();
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.destroy(); // its shutdown hook stops the server
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (output != null) {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void pausesAcceptingWhileOutOfDescriptorsWithOneWarningAndAcceptsAgainOnceSomeAreFree() throws Exception {
        int port = startServerWithDescriptorLimit();
        // A session opened before the flood: the loop must go on serving it.
        session = RawWsClient.open(port, "/echo");
        session.setReadTimeout(20_000);
        echo(session, "before");

        for (int i = 0; i < DESCRIPTOR_LIMIT + 60; i++) {
            clients.add(new Socket("127.0.0.1", port)); // the kernel completes them; the server must accept
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> acceptWarnings() >= 1);
        echo(session, "while out of descriptors");

        closeClients(); // the server sees them close, frees their descriptors, and works off the backlog
        try (RawWsClient client = RawWsClient.open(port, "/echo")) {
            client.setReadTimeout(20_000);
            echo(client, "accepting again");
        }

        // A spinning acceptor logs one warning per loop turn: thousands by now. Here: one a minute at most.
        assertThat(acceptWarnings()).as(Files.readString(output)).isBetween(1L, 2L);
    }

    private int startServerWithDescriptorLimit() throws Exception {
        output = Files.createTempFile("echo-server-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder("sh", "-c", "ulimit -n " + DESCRIPTOR_LIMIT + " && exec \"$@\"", "sh",
                java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), PreloadedEchoServer.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--event-loops", "1")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(Files.readString(output)).find()
                || !server.isAlive());
        Matcher listening = LISTENING.matcher(Files.readString(output));
        assertThat(listening.find()).as(Files.readString(output)).isTrue();
        return Integer.parseInt(listening.group(1));
    }

    private static void echo(RawWsClient client, String text) throws IOException {
        client.sendText(text);
        assertThat(client.readFrame().text()).isEqualTo(text);
    }

    private long acceptWarnings() throws IOException {
        return Files.readAllLines(output).stream().filter(line -> line.contains("accept failed")).count();
    }

    private void closeClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
    }
}
