package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import io.wsengine.WsSession;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Connection-state recovery for the groups of {@code ws.cluster.recovery.groups}: a session joins such
 * a group here, not with {@link WsSession#join}, saying the id of the last message its client saw, and
 * gets the messages it missed, in order, before new ones, on whichever node it reconnected to. Each
 * message of such a group reaches its clients as {@code {"id":"<id>","data":<message>}}; a client that
 * missed more than the group keeps gets {@code {"gap":true,"after":"<its id>"}} instead of a replay, so
 * that it can reload. A bean with the Redis cluster bus.
 */
public final class WsRecovery {
    private static final String CURSOR = WsRecovery.class.getName() + ".cursor:";

    /**
     * How a join went.
     *
     * @param replayed how many missed messages were sent
     * @param gap      whether the client missed messages that could not be sent (it was told)
     */
    public record Resume(int replayed, boolean gap) {
    }

    private final WsClusterBus bus;
    private final WsClusterProperties.Recovery settings;

    /**
     * @param bus      the cluster bus, with history
     * @param settings which groups keep a replay window, and how much
     */
    public WsRecovery(WsClusterBus bus, WsClusterProperties.Recovery settings) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Joins the group, replaying from the id the client gave in the handshake's query parameter
     * ({@code ws.cluster.recovery.query-parameter}, {@code lastId} by default); without one the session
     * starts with the next message.
     *
     * @param session the session
     * @param group   a recovery group's name
     * @return completed once the replay was sent (or at once without one), off the caller's thread
     * @throws IllegalArgumentException if the group keeps no replay window
     */
    public CompletionStage<Resume> join(WsSession session, String group) {
        List<String> given = session.handshake().queryParams().getOrDefault(settings.queryParameter(), List.of());
        return join(session, group, given.isEmpty() ? null : given.get(0));
    }

    /**
     * Joins the group, replaying what came after {@code lastId}.
     *
     * @param session the session
     * @param group   a recovery group's name
     * @param lastId  the id of the last message the client saw, or null to start with the next message
     * @return completed once the replay was sent (or at once without one), off the caller's thread
     * @throws IllegalArgumentException if the group keeps no replay window
     */
    public CompletionStage<Resume> join(WsSession session, String group, String lastId) {
        if (!settings.keeps(group)) {
            throw new IllegalArgumentException("the group '" + group + "' keeps no replay window: name it in "
                    + WsClusterProperties.PREFIX + ".recovery.groups");
        }
        boolean replay = lastId != null && !lastId.isEmpty();
        RecoveryCursor cursor = new RecoveryCursor(replay && StreamIds.isValid(lastId) ? lastId : null, replay,
                settings.maxLength());
        session.attributes().put(CURSOR + group, cursor);
        session.join(group); // first: what is published from now on is held until the replay is sent
        if (!replay) {
            return CompletableFuture.completedFuture(new Resume(0, false));
        }
        if (!StreamIds.isValid(lastId)) {
            return CompletableFuture.completedFuture(new Resume(0, cursor.finishReplay(session, List.of(), lastId)));
        }
        return bus.history(group, lastId).handle((kept, failure) -> {
            if (failure != null || kept.isEmpty() || !lastId.equals(kept.get(0).id())) {
                // the last id is no longer kept (or Redis could not say): the client missed more than a replay gives
                return new Resume(0, cursor.finishReplay(session, List.of(), lastId));
            }
            List<ClusterMessage> missed = kept.subList(1, kept.size());
            boolean gap = cursor.finishReplay(session, missed, null);
            return new Resume(missed.size(), gap);
        });
    }

    /**
     * Leaves a recovery group.
     *
     * @param session the session
     * @param group   the group
     */
    public void leave(WsSession session, String group) {
        session.leave(group);
        session.attributes().remove(CURSOR + group);
    }

    /**
     * A message to a recovery group as the JSON it carries: a string as a JSON string.
     *
     * @param text the message
     * @return the JSON string
     */
    public static String quote(CharSequence text) {
        return RecoveryFrames.quote(text);
    }

    /**
     * Delivers a recovery group's message, with its id, to this node's members: once each, in id order.
     *
     * @param members the group's sessions on this node
     * @param message the message, with its id
     */
    public static void deliver(Iterable<WsSession> members, ClusterMessage message) {
        PreparedMessage framed = RecoveryFrames.withId(message.id(), message.message());
        String key = CURSOR + message.target().name();
        for (WsSession session : members) {
            if (session.attributes().get(key) instanceof RecoveryCursor cursor) {
                cursor.deliver(session, message.id(), framed);
            } else {
                session.send(framed); // joined with WsSession.join: no replay, no deduplication
            }
        }
    }
}
