package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The message box holds the user to the server's limit ({@code chat.max-message-length}, from
 * {@code /api/config}) by saying so: a counter near it, and why a message over it is not sent,
 * instead of cutting what was typed.
 */
class MessageLimitBrowserTests extends BrowserTestSupport {
    @Autowired
    ChatProperties properties;

    @Test
    void counterShowsNearTheLimitAndAMessageOverItSaysWhyAndIsNotSent() throws IOException {
        int max = properties.maxMessageLength();
        int counterFrom = (int) Math.ceil(max * 0.9);
        ChatPage ada = page().join("Ada", "limits-" + suffix());
        assertThat(ada.driver.findElement(By.id("message-input")).getDomAttribute("maxlength")).as("a maxlength").isNull();

        ada.pasteMessage("x".repeat(counterFrom - 2)).typeInMessage("x");
        assertThat(ada.messageBox().counter()).as("the counter below %s characters", counterFrom).isNull();
        ada.typeInMessage("x");
        assertThat(ada.messageBox()).isEqualTo(new MessageBox(counterFrom, count(counterFrom, max), null, true, false));

        ada.pasteMessage("x".repeat(max));
        assertThat(ada.messageBox()).isEqualTo(new MessageBox(max, count(max, max), null, true, false));

        ada.typeInMessage("!");
        assertThat(ada.messageBox()).as("one character over").isEqualTo(new MessageBox(max + 1, count(max + 1, max),
                String.format(Locale.ENGLISH, "Too long to send: 1 character over the limit of %,d.", max), false, true));
        ada.typeInMessage(Keys.ENTER); // the form's submit, which the disabled button does not stop
        screenshot(ada, "message-too-long.png");

        ada.typeInMessage(Keys.BACK_SPACE);
        assertThat(ada.messageBox()).isEqualTo(new MessageBox(max, count(max, max), null, true, false));
        ada.clickSend();
        ada.waitForMessage("Ada", "x".repeat(max));
        // had the message over the limit gone out, it would be before this one, or refused with an error
        assertThat(ada.messages()).hasSize(1);
        assertThat(ada.driver.findElement(By.id("chat-error")).isDisplayed()).as("an error from the server").isFalse();
    }

    @Test
    void characterOutsideTheBasicPlaneCountsAsOneAsTheServerCountsIt() {
        int max = properties.maxMessageLength();
        ChatPage ada = page().join("Ada", "emoji-" + suffix());
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units

        ada.pasteMessage(emoji.repeat(max));
        assertThat(ada.messageBox()).isEqualTo(new MessageBox(2 * max, count(max, max), null, true, false));

        ada.clickSend();
        ada.waitForMessage("Ada", emoji.repeat(max));
    }

    private static String count(int length, int max) {
        return String.format(Locale.ENGLISH, "%,d / %,d", length, max);
    }
}
