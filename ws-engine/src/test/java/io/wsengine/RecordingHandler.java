package io.wsengine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Echoes text and binary messages and records what the engine reports: pongs, errors, closes. The
 * text {@link #THROW} makes {@link #onText} throw {@link #failure}.
 */
final class RecordingHandler implements WsHandler {
    static final String THROW = "throw, please";

    final RuntimeException failure = new IllegalStateException("onText failed on purpose");
    final List<WsSession> opened = new CopyOnWriteArrayList<>();
    final List<String> pongs = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Map<String, CloseStatus> closes = new ConcurrentHashMap<>();

    @Override
    public void onOpen(WsSession session) {
        opened.add(session);
    }

    @Override
    public void onText(WsSession session, String text) {
        if (text.equals(THROW)) {
            throw failure;
        }
        session.sendText(text);
    }

    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
        session.sendBinary(data);
    }

    @Override
    public void onPong(WsSession session, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        pongs.add(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void onError(WsSession session, Throwable error) {
        errors.add(error);
    }

    @Override
    public void onClose(WsSession session, CloseStatus status) {
        closes.put(session.id(), status);
    }

    /** The only session opened so far. */
    WsSession onlySession() {
        if (opened.size() != 1) {
            throw new AssertionError("expected one session, got " + opened);
        }
        return opened.get(0);
    }
}
