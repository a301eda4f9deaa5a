package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.testing.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample's two nodes in Chromium: two application contexts with the cluster profile on one real
 * Redis, each with its web and engine ports, and a page on each. Grace's page is cut off by stopping
 * node 2's WebSocket server (the page's socket, on the web port, closes with {@code 1001} and the web
 * port refuses the chat while it is stopped); it reconnects by itself, with the id of the last message
 * it saw, and gets what it missed. Skipped without Chromium or without redis-server (a failure on CI
 * for the latter).
 */
class TwoNodesBrowserTests {
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    static final RedisServer redis = RedisServer.perClass();
    private static ChatNodes nodes;
    private static ConfigurableApplicationContext node1;
    private static ConfigurableApplicationContext node2;

    private final Browsers browsers = new Browsers();

    @BeforeAll
    static void startTwoNodes() {
        Browsers.assumeInstalled();
        nodes = new ChatNodes(redis);
        node1 = nodes.start();
        node2 = nodes.start();
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @AfterEach
    void quitBrowsers() {
        try {
            browsers.quitAll();
        } finally {
            WsServerLifecycle engine = ChatNodes.engine(node2);
            if (!engine.isRunning()) {
                engine.start();
            }
        }
    }

    @Test
    void peopleOnTwoNodesChatAndAPageThatReconnectsGetsWhatItMissed() {
        String room = "two-nodes-" + UUID.randomUUID().toString().substring(0, 6);
        ChatPage ada = browsers.open(1, driver -> ChatPage.open(driver, ChatNodes.webPort(node1))).get(0);
        ChatPage grace = browsers.open(1, driver -> ChatPage.open(driver, ChatNodes.webPort(node2))).get(0);

        ada.join("Ada", room);
        grace.join("Grace", room);
        ada.waitForMembers("Ada", "Grace");
        grace.waitForMembers("Ada", "Grace");

        ada.send("Hello from node 1");
        grace.waitForMessage("Ada", "Hello from node 1");
        grace.send("And hello from node 2");
        WebElement seenBefore = grace.waitForMessage("Grace", "And hello from node 2");
        ada.waitForMessage("Grace", "And hello from node 2");

        ChatNodes.engine(node2).stop();
        grace.waitForState("closed");
        ada.waitForSystemLine("Grace left");
        ada.waitForMembers("Ada");
        ada.send("Sent while you were away");
        ada.waitForMessage("Ada", "Sent while you were away");
        ChatNodes.engine(node2).start();

        grace.waitForState("open", RECONNECT_BOUND);
        grace.waitForMessage("Ada", "Sent while you were away");
        assertThat(grace.socketUrl()).as("the reconnect's address").contains("?lastId=");
        // resumed, not started over: what the page showed before is still there, the same elements
        assertThatCode(seenBefore::getText).as("the element shown before the cut, still in the page")
                .doesNotThrowAnyException();
        assertThat(seenBefore.getText()).contains("And hello from node 2");
        assertThat(grace.messages()).containsExactly("Ada: Hello from node 1", "Grace: And hello from node 2",
                "Ada: Sent while you were away");
        grace.waitForMembers("Ada", "Grace");
        ada.waitForMembers("Ada", "Grace");
        assertThat(grace.notices()).isEmpty();
    }
}
