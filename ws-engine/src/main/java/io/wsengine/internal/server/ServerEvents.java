package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import java.lang.System.Logger.Level;

/**
 * The application's {@link WsServerListener}, called so that what it throws stays with it: logged, and
 * never taken for the session's or the loop's own failure. The server holds one only when a listener
 * is set, and every call site checks for it first, so a server without a listener pays a null check.
 */
final class ServerEvents {
    private static final System.Logger LOG = System.getLogger(WsServerListener.class.getName());

    private final WsServerListener listener;

    ServerEvents(WsServerListener listener) {
        this.listener = listener;
    }

    void opened(WsSession session) {
        try {
            listener.sessionOpened(session);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void closed(WsSession session, CloseStatus status, WsServerListener.ClosedBy closedBy) {
        try {
            listener.sessionClosed(session, status, closedBy);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void refused(int status) {
        try {
            listener.handshakeRefused(status);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void received(WsSession session, boolean text, int bytes) {
        try {
            listener.messageReceived(session, text, bytes);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void sent(WsSession session, boolean text, int bytes) {
        try {
            listener.messageSent(session, text, bytes);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void sendFailed(WsSession session, WsServerListener.SendFailure failure) {
        try {
            listener.sendFailed(session, failure);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void readingPaused(WsSession session, boolean paused) {
        try {
            if (paused) {
                listener.readingPaused(session);
            } else {
                listener.readingResumed(session);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void pingSent(WsSession session) {
        try {
            listener.pingSent(session);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void pongLate(WsSession session) {
        try {
            listener.pongLate(session);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private static void failed(RuntimeException e) {
        LOG.log(Level.WARNING, "the WsServerListener threw; ignored", e);
    }
}
