package io.wsengine.sample;

import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.WsServerLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page in real headless Chromium against the running application, one context for every browser
 * test class (same configuration, so Spring's test context cache shares it). As shipped, the page
 * connects on the web app's port, where it came from; {@link #chat} clients use the engine's own port
 * (the same rooms). The engine's own port is fixed here, so that it can be stopped and started again
 * on the same one while pages wait (while it is stopped, the web port refuses the chat too).
 * The message limit is not the shipped one, so that a page that knew the shipped one by heart fails;
 * a room without members is dropped quickly, so that a test can see its history start anew.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"ws.server.shutdown-grace=2s",
        "chat.max-message-length=1500", "chat.empty-room-ttl=500ms", "chat.eviction-interval=100ms"})
@Import(ServedRequests.class)
@AutoConfigureWsTestClient
abstract class BrowserTestSupport {
    static final int WS_PORT = freePort();

    @DynamicPropertySource
    static void webSocketPort(DynamicPropertyRegistry registry) {
        registry.add("ws.server.port", () -> WS_PORT);
    }

    @LocalServerPort
    int webPort;

    @Autowired
    WsServerLifecycle webSocketServer;

    @Autowired
    JsonMapper json;

    @Autowired
    WsTestClient ws;

    @MockitoSpyBean
    ChatService chatService;

    @Autowired
    ServedRequests servedRequests;

    private final Browsers browsers = new Browsers();
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    static void browserInstalled() {
        Browsers.assumeInstalled();
    }

    @AfterEach
    void cleanUp() {
        try {
            browsers.quitAll();
        } finally {
            clients.forEach(ChatClient::close);
            servedRequests.clear();
            if (!webSocketServer.isRunning()) {
                webSocketServer.start();
            }
        }
    }

    ChatPage page() {
        return pages(1).get(0);
    }

    /** Pages in browsers of their own, started side by side. */
    List<ChatPage> pages(int count) {
        return browsers.open(count, driver -> ChatPage.open(driver, webPort));
    }

    /** The page at this address on the web app (a path and query, such as {@code /?ws=...}), in a browser of its own. */
    ChatPage pageAt(String pathAndQuery) {
        return browsers.open(1, driver -> ChatPage.open(driver, "http://127.0.0.1:" + webPort + pathAndQuery)).get(0);
    }

    /** A chat connection to the room on the engine's own port, not joined yet; closed after the test. */
    ChatClient chat(String room) {
        ChatClient client = new ChatClient(ws.connect("/chat/" + room), json);
        clients.add(client);
        return client;
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    /** Saves what the page shows to target/screenshots (copied to docs/ by hand when it changes). */
    static void screenshot(ChatPage page, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path png = ((TakesScreenshot) page.driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
