package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.sample.ChatProtocol.Error;
import org.junit.jupiter.api.Test;

/** A failure inside the chat reaches its client as fixed text, whatever the exception says. */
class ChatEndpointErrorTests {
    private final ChatEndpoint endpoint = new ChatEndpoint(mock(ChatService.class));
    private final WsSession session = mock(WsSession.class);

    @Test
    void unexpectedFailureIsAnsweredWithAnInternalErrorThatShowsNothingOfTheFailure() {
        when(session.id()).thenReturn("s-1");
        IllegalStateException failure = new IllegalStateException(
                "java.lang.NullPointerException: Cannot invoke \"io.wsengine.sample.Room.add(String, String)\"");

        Error error = endpoint.error(session, failure);

        assertThat(error.type()).isEqualTo("error");
        assertThat(error.code()).isEqualTo("internal");
        ClientSafeText.assertSafe(error.message());
        verify(session, never()).close(any(CloseStatus.class));
    }
}
