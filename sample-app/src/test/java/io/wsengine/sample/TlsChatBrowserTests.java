package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code tls} profile in real headless Chromium: the page loaded over https connects over wss://
 * on the same port and chats. Chromium is told to accept any certificate, as a user accepts the demo one.
 */
class TlsChatBrowserTests extends TlsTestSupport {
    private final Browsers browsers = Browsers.ignoringCertificateErrors();

    @BeforeAll
    static void browserInstalled() {
        Browsers.assumeInstalled();
    }

    @AfterEach
    void quitBrowsers() {
        browsers.quitAll();
    }

    @Test
    void pageOverHttpsJoinsARoomOverWssAndSeesItsMessage() {
        String room = "tls-" + UUID.randomUUID().toString().substring(0, 6);
        ChatPage ada = ChatPage.open(browsers.open(), "https://127.0.0.1:" + webPort + "/").join("Ada", room);

        assertThat(ada.socketUrl()).as("wss:// on the https port the page came from")
                .isEqualTo("wss://127.0.0.1:" + webPort + "/chat/" + room);
        ada.send("sent over wss://");
        ada.waitForMessage("Ada", "sent over wss://");
        assertThat(ada.messages()).containsExactly("Ada: sent over wss://");
    }
}
