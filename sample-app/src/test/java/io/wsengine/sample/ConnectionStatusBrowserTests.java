package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;

/**
 * The connection's state in words a person understands, in the lobby too, and a way not to wait for
 * the next attempt.
 */
class ConnectionStatusBrowserTests extends BrowserTestSupport {
    /** How long the next attempt must be away for "at once" to be told apart from it on a slow machine. */
    private static final Duration FAR_OFF = Duration.ofSeconds(10);
    private static final int MOST_ATTEMPTS_TO_GET_THERE = 12;

    @Test
    void lobbySaysItIsNotConnectedYetAndWhileItRetriesRetryNowConnectsAtOnce() throws IOException {
        String room = "retry-" + suffix();
        ChatPage ada = page();
        assertThat(ada.statusText()).isEqualTo("Not connected yet");
        assertThat(ada.retryOffered()).isFalse();

        webSocketServer.stop();
        ada.recordStatusTexts().submitJoin("Ada", room);
        ada.waitForState("closed");
        assertThat(ada.statusText()).matches("Not connected: retrying in \\d+ s");
        assertThat(ada.retryOffered()).isTrue();
        assertThat(ada.statusTexts()).contains("Connecting to the chat server…");
        assertThat(ada.driver.findElement(By.id("lobby")).isDisplayed()).as("still in the lobby").isTrue();
        screenshot(ada, "lobby-retrying.png");

        // each retry fails at once (the server is down) and makes the next automatic attempt later
        for (int i = 0; i < MOST_ATTEMPTS_TO_GET_THERE && !nextAttemptFarOff(ada); i++) {
            retryAndAwaitItsFailure(ada);
        }
        assertThat(nextAttemptFarOff(ada)).as("the next attempt %s away", FAR_OFF).isTrue();

        webSocketServer.start();
        long due = ada.reconnectDueAt();
        ada.clickRetry();
        ada.waitForState("open");
        assertThat(ada.browserNow()).as("connected before the next attempt was due").isLessThan(due);
        ada.waitForMembers("Ada");
        assertThat(ada.statusText()).isEqualTo("Connected");
        assertThat(ada.retryOffered()).isFalse();
    }

    private static boolean nextAttemptFarOff(ChatPage page) {
        Long due = page.reconnectDueAt();
        return due != null && due - page.browserNow() > FAR_OFF.toMillis();
    }

    /** Clicks "Retry now" and waits until that attempt (or an automatic one that came first) has failed. */
    private static void retryAndAwaitItsFailure(ChatPage page) {
        page.waitForState("closed");
        long failed = page.failedAttempts();
        try {
            page.clickRetry();
        } catch (ElementNotInteractableException e) {
            // the automatic attempt started just before the click: it fails just as well
        }
        page.waitUpTo(ChatPage.WAIT).withMessage("another failed attempt")
                .until(d -> page.failedAttempts() > failed && "closed".equals(page.state()));
    }
}
