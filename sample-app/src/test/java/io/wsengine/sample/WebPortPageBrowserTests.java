package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import io.wsengine.WsSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The page's WebSocket goes to the web app's port, the page's own origin, so that one address is all
 * a person needs; {@code ?ws=} sends it elsewhere, such as to the engine's own port.
 */
class WebPortPageBrowserTests extends BrowserTestSupport {

    @Test
    void twoPagesChatOverTheWebAppsPortTheyWereLoadedFrom() {
        String room = "one-port-" + suffix();
        List<ChatPage> pages = pages(2);
        ChatPage ada = pages.get(0).join("Ada", room);
        ChatPage grace = pages.get(1).join("Grace", room);
        ada.waitForMembers("Ada", "Grace");

        ada.send("one port for the page and the chat");
        grace.waitForMessage("Ada", "one port for the page and the chat");

        String webPortUrl = "ws://127.0.0.1:" + webPort + "/chat/" + room;
        assertThat(ada.socketUrl()).isEqualTo(webPortUrl);
        assertThat(grace.socketUrl()).isEqualTo(webPortUrl);
        // seen from the server: both sessions came through the servlet container's upgrade, on its port
        assertThat(sessionsThatJoined(room)).hasSize(2).allSatisfy(session -> {
            assertThat(session.handshake().hosted()).as("hosted by the servlet container").isTrue();
            assertThat(session.localAddress().getPort()).isEqualTo(webPort);
        });
    }

    @Test
    void theWsOverrideSendsThePagesSocketToTheEnginesOwnPort() {
        String room = "override-" + suffix();
        String engine = "ws://127.0.0.1:" + WS_PORT;
        ChatPage ada = pageAt("/?ws=" + engine).join("Ada", room);

        ada.send("straight to the engine");
        ada.waitForMessage("Ada", "straight to the engine");

        assertThat(ada.socketUrl()).isEqualTo(engine + "/chat/" + room);
        assertThat(sessionsThatJoined(room)).singleElement().satisfies(session -> {
            assertThat(session.handshake().hosted()).as("hosted by the servlet container").isFalse();
            assertThat(session.localAddress().getPort()).isEqualTo(WS_PORT);
        });
    }

    /** The sessions the chat was asked to join to the room, as the endpoint got them. */
    private List<WsSession> sessionsThatJoined(String room) {
        ArgumentCaptor<WsSession> sessions = ArgumentCaptor.forClass(WsSession.class);
        verify(chatService, atLeastOnce()).join(sessions.capture(), eq(room), any());
        return sessions.getAllValues();
    }
}
