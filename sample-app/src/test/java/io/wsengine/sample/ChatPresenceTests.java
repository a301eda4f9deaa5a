package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Presence events: who joined, who left, and who is in the room now. */
class ChatPresenceTests extends ChatServerTestSupport {

    @Test
    void joinIsAnnouncedToTheMembersWithTheNewMemberList() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");

        chat(room).join("linus");

        assertThat(ada.expectPresence("join", "linus")).containsExactly("ada", "grace", "linus");
        assertThat(grace.expectPresence("join", "linus")).containsExactly("ada", "grace", "linus");
    }

    @Test
    void closingAConnectionAnnouncesALeaveToTheOthers() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");
        ChatClient linus = joined(room, "linus");
        ada.expectPresence("join", "linus");
        grace.expectPresence("join", "linus");

        linus.ws.sendClose(1000, "bye");

        assertThat(linus.ws.awaitClose().code()).isEqualTo(1000);
        assertThat(ada.expectPresence("leave", "linus")).containsExactly("ada", "grace");
        assertThat(grace.expectPresence("leave", "linus")).containsExactly("ada", "grace");
    }

    @Test
    void droppedConnectionAnnouncesALeaveToTheOthers() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient grace = joined(room, "grace");
        ada.expectPresence("join", "grace");

        grace.ws.abort();

        assertThat(ada.expectPresence("leave", "grace")).containsExactly("ada");
    }

    @Test
    void connectionThatNeverJoinedLeavesWithoutAnEvent() {
        String room = newRoom();
        ChatClient ada = joined(room, "ada");
        ChatClient lurker = chat(room);

        lurker.ws.sendClose(1000, "bye");
        lurker.ws.awaitClose().code();
        chat(room).join("grace");

        // the next event ada sees is grace's join, not a leave of the lurker
        assertThat(ada.expectPresence("join", "grace")).containsExactly("ada", "grace");
    }
}
