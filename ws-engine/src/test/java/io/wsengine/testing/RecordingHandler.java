package io.wsengine.testing;

import io.wsengine.CloseStatus;
import io.wsengine.WsHandler;
import io.wsengine.WsSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler that records its callbacks, per session, and can echo. Tests take sessions and closes
 * from its queues with bounded waits, and check the counts after the server has stopped (when no
 * callback can come any more).
 */
public class RecordingHandler implements WsHandler {
    /** A session's end as its handler saw it, with {@code isOpen()} read inside {@code onClose}. */
    public record Closed(WsSession session, CloseStatus status, boolean openDuringOnClose) {
    }

    private final boolean echo;
    private final BlockingQueue<WsSession> opened = new LinkedBlockingQueue<>();
    private final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> openCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> closeCalls = new ConcurrentHashMap<>();
    private final List<String> openedIds = new CopyOnWriteArrayList<>();

    public RecordingHandler() {
        this(false);
    }

    private RecordingHandler(boolean echo) {
        this.echo = echo;
    }

    /** Records, and sends every message back to its sender. */
    public static RecordingHandler echoing() {
        return new RecordingHandler(true);
    }

    @Override
    public void onOpen(WsSession session) {
        openCalls.computeIfAbsent(session.id(), id -> new AtomicInteger()).incrementAndGet();
        openedIds.add(session.id());
        opened.add(session);
    }

    @Override
    public void onText(WsSession session, String text) {
        messages.add(text);
        if (echo) {
            session.sendText(text);
        }
    }

    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        messages.add(bytes);
        if (echo) {
            session.sendBinary(data);
        }
    }

    @Override
    public void onPong(WsSession session, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        pongs.add(bytes);
    }

    @Override
    public void onClose(WsSession session, CloseStatus status) {
        closeCalls.computeIfAbsent(session.id(), id -> new AtomicInteger()).incrementAndGet();
        closed.add(new Closed(session, status, session.isOpen()));
    }

    @Override
    public void onError(WsSession session, Throwable failure) {
        errors.add(failure);
    }

    public WsSession awaitOpen() {
        return poll(opened, "a session to open");
    }

    public Closed awaitClose() {
        return poll(closed, "a session to close");
    }

    public Object awaitMessage() {
        return poll(messages, "a message at the server");
    }

    public byte[] awaitPong() {
        return poll(pongs, "a pong at the server");
    }

    /** Ids of every session opened so far, in order. */
    public List<String> openedIds() {
        return List.copyOf(openedIds);
    }

    public int openCalls(String sessionId) {
        AtomicInteger count = openCalls.get(sessionId);
        return count == null ? 0 : count.get();
    }

    public int closeCalls(String sessionId) {
        AtomicInteger count = closeCalls.get(sessionId);
        return count == null ? 0 : count.get();
    }

    public int totalCloseCalls() {
        return closeCalls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        Duration timeout = JdkWsClient.TIMEOUT;
        try {
            T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
