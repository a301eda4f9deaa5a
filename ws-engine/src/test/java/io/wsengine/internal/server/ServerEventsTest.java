package io.wsengine.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages are reported only to listeners that want them, so the others cost messages nothing. */
class ServerEventsTest {

    static class OpensOnly implements WsServerListener {
        @Override
        public void sessionOpened(WsSession session) {
        }
    }

    static class CountsSends extends OpensOnly {
        @Override
        public void messageSent(WsSession session, boolean text, int bytes) {
        }
    }

    @Test
    void listenersThatDoNotOverrideTheMessageEventsDoNotWantMessages() {
        assertThat(new ServerEvents(List.of(new OpensOnly())).wantsMessages()).isFalse();
        assertThat(new ServerEvents(List.of(new OpensOnly(), new WsServerListener() { })).wantsMessages()).isFalse();
    }

    @Test
    void oneListenerThatOverridesEitherMessageEventIsEnough() {
        assertThat(new ServerEvents(List.of(new OpensOnly(), new CountsSends())).wantsMessages()).isTrue();
        assertThat(new ServerEvents(List.of(new WsServerListener() {
            @Override
            public void messageReceived(WsSession session, boolean text, int bytes) {
            }
        })).wantsMessages()).isTrue();
    }
}
