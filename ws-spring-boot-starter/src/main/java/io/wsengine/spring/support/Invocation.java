package io.wsengine.spring.support;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import java.nio.ByteBuffer;

/** What one call of an endpoint method may draw its arguments from. */
record Invocation(WsSession session, String text, ByteBuffer binary, CloseStatus closeStatus, Throwable failure) {

    static Invocation open(WsSession session) {
        return new Invocation(session, null, null, null, null);
    }

    static Invocation text(WsSession session, String text) {
        return new Invocation(session, text, null, null, null);
    }

    static Invocation binary(WsSession session, ByteBuffer data) {
        return new Invocation(session, null, data, null, null);
    }

    static Invocation close(WsSession session, CloseStatus status) {
        return new Invocation(session, null, null, status, null);
    }

    static Invocation error(WsSession session, Throwable failure) {
        return new Invocation(session, null, null, null, failure);
    }
}
