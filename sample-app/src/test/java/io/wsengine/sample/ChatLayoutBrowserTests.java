package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The conversation fits the screen it is on: the message list scrolls inside the page, the document
 * does not scroll, so the newest message and the message box stay in view.
 */
class ChatLayoutBrowserTests extends BrowserTestSupport {
    /** Far more than a desktop's message list holds, let alone a phone's. */
    private static final List<String> CONVERSATION = List.of(
            "Grace: Morning! Is the release branch cut?",
            "Linus: Cut at 8:15, tagged rc1.",
            "Grace: Great. Who is on the changelog?",
            "Linus: Me. Half done.",
            "Grace: Remember the reconnect fix, people asked about it twice last week.",
            "Linus: It's in, with a line on the new backoff.",
            "Grace: And the 2,000 character limit? The page used to cut long messages without a word.",
            "Linus: Now it counts down from 1,800 and says when a message is too long.",
            "Grace: Nice. Screenshots for the docs?",
            "Linus: Phone and desktop, from the browser tests.",
            "Grace: Do we still need the staging run?",
            "Linus: Yes, 20 minutes, I'll start it now.",
            "Grace: Ping me when it's green.",
            "Linus: Staging is up.",
            "Grace: Joined from my phone, the box stays at the bottom now.",
            "Linus: That was the point of the layout change.",
            "Grace: Restarted the server on staging: the page says the earlier messages were lost.",
            "Linus: Instead of an empty room that looks like nobody ever spoke. Good.",
            "Grace: Any errors in the console?",
            "Linus: None, and the favicon is there too.",
            "Grace: Then I'm happy to ship.",
            "Linus: Merging rc1 into main.",
            "Grace: Announce it in #general when it's out?",
            "Linus: Will do.",
            "Grace: Thanks, both of you!");

    @Test
    void newestMessageAndMessageBoxStayOnScreenOnADesktopAndOnAPhone() throws IOException {
        String room = "launch"; // shown in the screenshots; no other browser test uses it
        ChatClient grace = chat(room);
        grace.join("Grace");
        ChatClient linus = chat(room);
        linus.join("Linus");
        ChatPage ada = page().emulate(Viewport.DESKTOP).join("Ada", room);

        for (String line : CONVERSATION) {
            String[] said = line.split(": ", 2);
            (said[0].equals("Grace") ? grace : linus).postAmongOthers(said[0], said[1]);
        }
        ada.send("Good work. I'll write the announcement.");
        ada.waitForMessage("Ada", "Good work. I'll write the announcement.");
        assertNewestMessageAndMessageBoxOnScreen(ada, Viewport.DESKTOP);
        screenshot(ada, "sample-desktop.png");

        // the list gets shorter (a phone turned, its keyboard opened): the page keeps its end in view
        ada.emulate(Viewport.PHONE);
        ada.waitUpTo(ChatPage.WAIT).withMessage(() -> "the newest message back in view on the phone: " + ada.layout())
                .until(d -> ada.layout().newestMessage().isWithin(ada.layout().list()));
        ada.send("Sent from my phone.");
        ada.waitForMessage("Ada", "Sent from my phone.");
        assertNewestMessageAndMessageBoxOnScreen(ada, Viewport.PHONE);
        screenshot(ada, "sample-phone.png");
    }

    private static void assertNewestMessageAndMessageBoxOnScreen(ChatPage page, Viewport viewport) {
        PageLayout layout = page.layout();
        assertThat(layout.viewportWidth()).as("viewport width").isEqualTo(viewport.width());
        assertThat(layout.listOverflows()).as("the messages overflow the list (%s)", layout).isTrue();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(layout.documentScrollY()).as("%s: the document scrolled by", viewport).isZero();
        softly.assertThat(layout.documentHeight()).as("%s: document height", viewport)
                .isLessThanOrEqualTo(layout.viewportHeight());
        softly.assertThat(layout.documentWidth()).as("%s: document width", viewport)
                .isLessThanOrEqualTo(layout.viewportWidth());
        softly.assertThat(layout.newestMessage().isWithin(layout.list()))
                .as("%s: newest message %s in the list's visible box %s", viewport, layout.newestMessage(), layout.list())
                .isTrue();
        softly.assertThat(layout.newestMessage().isWithin(layout.viewport()))
                .as("%s: newest message %s on screen", viewport, layout.newestMessage()).isTrue();
        softly.assertThat(layout.messageBox().isWithin(layout.viewport()))
                .as("%s: message box %s on screen", viewport, layout.messageBox()).isTrue();
        softly.assertThat(layout.sendButton().isWithin(layout.viewport()))
                .as("%s: send button %s on screen", viewport, layout.sendButton()).isTrue();
        softly.assertAll();
    }
}
