package io.wsengine.internal.server;

import io.wsengine.CloseStatus;
import io.wsengine.WsServerListener;
import io.wsengine.WsSession;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The application's {@link WsServerListener}s, each called in turn so that what it throws stays with it: logged, and
 * never taken for the session's or the loop's own failure. The server holds one only when a listener
 * is set, and every call site checks for it first, so a server without a listener pays a null check.
 * Only the listeners that override {@code messageReceived} or {@code messageSent} are called for
 * messages: a listener that counts them reads {@link io.wsengine.WsServer#messageCounts} instead, and
 * then messages cost it nothing.
 */
final class ServerEvents {
    private static final System.Logger LOG = System.getLogger(WsServerListener.class.getName());

    private final WsServerListener[] listeners;
    private final WsServerListener[] receivers;
    private final WsServerListener[] senders;

    ServerEvents(List<WsServerListener> listeners) {
        this.listeners = listeners.toArray(WsServerListener[]::new);
        this.receivers = overriding(listeners, "messageReceived");
        this.senders = overriding(listeners, "messageSent");
    }

    /** {@return true when a listener wants to hear of every message} */
    boolean wantsMessages() {
        return receivers.length > 0 || senders.length > 0;
    }

    private static WsServerListener[] overriding(List<WsServerListener> listeners, String method) {
        return listeners.stream().filter(listener -> overrides(listener, method)).toArray(WsServerListener[]::new);
    }

    private static boolean overrides(WsServerListener listener, String method) {
        try {
            return listener.getClass().getMethod(method, WsSession.class, boolean.class, int.class)
                    .getDeclaringClass() != WsServerListener.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("WsServerListener lost its " + method, e);
        }
    }

    void opened(WsSession session) {
        for (WsServerListener listener : listeners) {
            try {
                listener.sessionOpened(session);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void closed(WsSession session, CloseStatus status, WsServerListener.ClosedBy closedBy) {
        for (WsServerListener listener : listeners) {
            try {
                listener.sessionClosed(session, status, closedBy);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void refused(int status) {
        for (WsServerListener listener : listeners) {
            try {
                listener.handshakeRefused(status);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void received(WsSession session, boolean text, int bytes) {
        for (WsServerListener listener : receivers) {
            try {
                listener.messageReceived(session, text, bytes);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void sent(WsSession session, boolean text, int bytes) {
        for (WsServerListener listener : senders) {
            try {
                listener.messageSent(session, text, bytes);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void sendFailed(WsSession session, WsServerListener.SendFailure failure) {
        for (WsServerListener listener : listeners) {
            try {
                listener.sendFailed(session, failure);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void readingPaused(WsSession session, boolean paused) {
        for (WsServerListener listener : listeners) {
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
    }

    void pingSent(WsSession session) {
        for (WsServerListener listener : listeners) {
            try {
                listener.pingSent(session);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void pongLate(WsSession session) {
        for (WsServerListener listener : listeners) {
            try {
                listener.pongLate(session);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    /** A TLS handshake ended: with this protocol, or failed when null. */
    void tlsHandshake(String protocol) {
        for (WsServerListener listener : listeners) {
            try {
                if (protocol != null) {
                    listener.tlsHandshakeCompleted(protocol);
                } else {
                    listener.tlsHandshakeFailed();
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private static void failed(RuntimeException e) {
        LOG.log(Level.WARNING, "the WsServerListener threw; ignored", e);
    }
}
