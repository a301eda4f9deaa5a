package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import io.wsengine.WsSession;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Where one session is in one recovery group: the id of the last message it was sent, so that a
 * message that reaches it twice (live and in a replay, or in a back-fill) goes once, and, while its
 * replay is read, the live messages that come meanwhile, held so that they follow the replay.
 */
final class RecoveryCursor {
    /** A live message held during a replay. */
    private record Held(String id, PreparedMessage frame) {
    }

    private final int maxHeld;
    // Guarded by this.
    private String lastId;
    private ArrayDeque<Held> held;
    private boolean heldOverflowed;

    /**
     * @param lastId    the last id the client saw, or null for one that starts afresh
     * @param replaying whether a replay follows, so that live messages wait for it
     * @param maxHeld   live messages held during the replay, at most
     */
    RecoveryCursor(String lastId, boolean replaying, int maxHeld) {
        this.lastId = lastId;
        this.held = replaying ? new ArrayDeque<>() : null;
        this.maxHeld = maxHeld;
    }

    /** A live message: sent now, held until the replay is done, or dropped when the session had it. */
    synchronized void deliver(WsSession session, String id, PreparedMessage frame) {
        if (held != null) {
            if (held.size() >= maxHeld) {
                held.pollFirst();
                heldOverflowed = true;
            }
            held.addLast(new Held(id, frame));
            return;
        }
        sendIfNew(session, id, frame);
    }

    /**
     * Sends the replay, then what was held meanwhile, and goes live.
     *
     * @param session  the session
     * @param replay   the missed messages, oldest first, framed, with their ids; empty on a gap
     * @param gapAfter the client's last id when it missed more than the group keeps; null otherwise
     * @return whether the session missed messages it cannot get (a gap, or more live messages than could be held)
     */
    synchronized boolean finishReplay(WsSession session, List<ClusterMessage> replay, String gapAfter) {
        boolean gap = gapAfter != null;
        if (gap) {
            session.send(RecoveryFrames.gap(gapAfter));
        }
        for (ClusterMessage message : replay) {
            sendIfNew(session, message.id(), RecoveryFrames.withId(message.id(), message.message()));
        }
        ArrayDeque<Held> waiting = held;
        held = null;
        if (heldOverflowed && !gap) {
            session.send(RecoveryFrames.gap(lastId == null ? "" : lastId));
            gap = true;
        }
        for (Held message : waiting) {
            sendIfNew(session, message.id(), message.frame());
        }
        return gap;
    }

    private void sendIfNew(WsSession session, String id, PreparedMessage frame) {
        if (lastId != null && StreamIds.compare(id, lastId) <= 0) {
            return; // had it: a replay and live delivery overlap by design
        }
        lastId = id;
        session.send(frame);
    }
}
