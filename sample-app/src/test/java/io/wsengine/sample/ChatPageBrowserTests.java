package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wsengine.WsSession;
import io.wsengine.sample.ChatProtocol.Error;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Chatting in the page: messages, presence, rooms, nicknames and reconnecting, in real headless Chromium. */
class ChatPageBrowserTests extends BrowserTestSupport {
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(30);

    @Test
    void twoParticipantsInARoomSeeEachOthersMessagesAndPresenceCompressed() throws IOException {
        String room = "release-planning"; // this context's rooms are the browser tests' only: no clash
        List<ChatPage> pages = pages(2);
        ChatPage ada = pages.get(0).join("Ada", room);
        ChatPage grace = pages.get(1).join("Grace", room);

        ada.waitForSystemLine("Grace joined");
        ada.waitForMembers("Ada", "Grace");
        grace.waitForMembers("Ada", "Grace");

        ada.send("Morning Grace! Did the 2.4 deploy go out?");
        grace.waitForMessage("Ada", "Morning Grace! Did the 2.4 deploy go out?");
        grace.send("Yes, at 9:40. The new reconnect logic held up fine.");
        ada.waitForMessage("Grace", "Yes, at 9:40. The new reconnect logic held up fine.");
        ada.send("Great, I'll update the release notes.");
        grace.waitForMessage("Ada", "Great, I'll update the release notes.");
        ada.waitForMessage("Ada", "Great, I'll update the release notes.");

        assertThat(ada.messages()).containsExactly(
                "Ada: Morning Grace! Did the 2.4 deploy go out?",
                "Grace: Yes, at 9:40. The new reconnect logic held up fine.",
                "Ada: Great, I'll update the release notes.");
        assertThat(grace.messages()).isEqualTo(ada.messages());
        screenshot(ada, "chat-two-participants.png");

        // Chromium offers permessage-deflate on every WebSocket: the server agrees, and messages over the
        // 256-byte minimum go compressed both ways, through the web port's servlet mount
        String agreed = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
        assertThat(ada.extensions()).isEqualTo(agreed);
        assertThat(webSocketServer.server().sessions("/chat/{room}")).as("the server's sessions of the two pages")
                .filteredOn(session -> session.extensions().equals(agreed)).hasSizeGreaterThanOrEqualTo(2);
        String longText = "The release notes, again and again. ".repeat(30) + "The end."; // about 1,100 bytes
        ada.send(longText);
        grace.waitForMessage("Ada", longText);
        grace.send(longText + " Agreed.");
        ada.waitForMessage("Grace", longText + " Agreed.");
    }

    @Test
    void participantInAnotherRoomSeesNeitherTheMessagesNorThePresence() {
        String room = "design-" + suffix();
        String otherRoom = "random-" + suffix();
        List<ChatPage> pages = pages(3);
        // Linus is in first, so that Ada's and Grace's arrivals would reach him if presence leaked.
        ChatPage linus = pages.get(2).join("Linus", otherRoom);
        linus.waitForMembers("Linus");
        ChatPage ada = pages.get(0).join("Ada", room);
        ChatPage grace = pages.get(1).join("Grace", room);
        ada.waitForMembers("Ada", "Grace");

        ada.send("the mockups are ready");
        grace.waitForMessage("Ada", "the mockups are ready");
        linus.send("anyone here?");
        linus.waitForMessage("Linus", "anyone here?");

        // had anything of the other room reached this page, it would have arrived before its own message
        assertThat(linus.messages()).containsExactly("Linus: anyone here?");
        assertThat(linus.systemLines()).singleElement().asString().startsWith("Linus joined");
        assertThat(linus.members()).containsExactly("Linus");
        assertThat(ada.messages()).containsExactly("Ada: the mockups are ready");
        assertThat(ada.systemLines()).noneMatch(line -> line.contains("Linus"));
        assertThat(ada.members()).containsExactly("Ada", "Grace");
    }

    @Test
    void markupInMessagesAndNicknamesIsShownAsText() {
        String room = "security-" + suffix();
        ChatPage ada = page().join("Ada", room);
        ChatClient mallory = chat(room);
        mallory.join("<b>mallory</b>");

        mallory.sendMessage("<img src=x onerror=alert(1)>");
        WebElement shown = ada.waitForMessage("<b>mallory</b>", "<img src=x onerror=alert(1)>");

        assertThat(shown.findElement(By.className("text")).getText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(ada.driver.findElements(By.cssSelector("#messages img"))).isEmpty();
        assertThat(ada.driver.findElements(By.cssSelector("#messages b, #members b"))).isEmpty();
        assertThat(ada.members()).containsExactly("Ada", "<b>mallory</b>");
        assertThat(ExpectedConditions.alertIsPresent().apply(ada.driver)).as("an alert").isNull();
    }

    @Test
    void lobbyListsActiveRoomsAndPicksOneOnClick() {
        String room = "book-club-" + suffix();
        chat(room).join("ada");
        chat(room).join("grace");

        ChatPage page = page();
        WebElement entry = page.waitUpTo(ChatPage.WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#room-list li[data-room='" + room + "']")));

        assertThat(entry.getText()).contains("#" + room).contains("2 members");
        entry.click();
        assertThat(page.driver.findElement(By.id("room-name")).getDomProperty("value")).isEqualTo(room);
    }

    @Test
    void takenNicknameKeepsTheUserInTheLobbyWithAnError() {
        String room = "lobby-" + suffix();
        chat(room).join("ada");
        ChatPage page = page();

        page.submitJoin("ADA", room);

        WebElement error = page.waitUpTo(ChatPage.WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("lobby-error")));
        assertThat(error.getText()).contains("already in");
        assertThat(page.driver.findElement(By.id("chat")).isDisplayed()).isFalse();
        page.waitForState("idle");
    }

    @Test
    void pageReconnectsByItselfAfterTheWebSocketServerRestarts() {
        String room = "ops-" + suffix();
        List<ChatPage> pages = pages(2);
        ChatPage ada = pages.get(0).join("Ada", room);
        ChatPage grace = pages.get(1).join("Grace", room);
        ada.waitForMembers("Ada", "Grace");

        webSocketServer.stop();
        ada.waitForState("closed");
        grace.waitForState("closed");
        webSocketServer.start();

        ada.waitForState("open", RECONNECT_BOUND);
        grace.waitForState("open", RECONNECT_BOUND);
        ada.waitForMembers("Ada", "Grace");
        ada.send("back online?");
        grace.waitForMessage("Ada", "back online?");
    }

    @Test
    void reconnectingPageKeepsTryingWhileItsNicknameIsStillHeld() throws InterruptedException {
        String room = "ghost-" + suffix();
        ChatPage ada = page().join("Ada", room);
        webSocketServer.stop();
        ada.waitForState("closed");
        await().atMost(ChatPage.WAIT).until(() -> chatService.rooms().stream().noneMatch(r -> r.name().equals(room)));

        // while the server is down, "Ada" is taken by a session the server has not seen go yet
        WsSession stale = mock(WsSession.class);
        when(stale.id()).thenReturn("stale-" + room);
        when(stale.attributes()).thenReturn(new ConcurrentHashMap<>());
        assertThat(chatService.join(stale, room, "Ada")).isNull();
        BlockingQueue<String> refusals = new LinkedBlockingQueue<>();
        doAnswer(invocation -> {
            Error error = (Error) invocation.callRealMethod();
            if (error != null) {
                refusals.add(error.code());
            }
            return error;
        }).when(chatService).join(any(), eq(room), any());
        webSocketServer.start();

        assertThat(refusals.poll(RECONNECT_BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("nickname-taken");
        chatService.leave(stale, room);

        ada.waitForState("open", RECONNECT_BOUND);
        ada.waitForMembers("Ada");
    }
}
