package io.wsengine.sample;

import io.wsengine.WsSession;
import io.wsengine.spring.cluster.WsClusterProperties;
import io.wsengine.spring.cluster.WsPresence;
import io.wsengine.spring.cluster.WsRecovery;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a room is across nodes, with the cluster bus ({@code ws.cluster.redis.enabled=true}): who is in
 * it on every node (the {@link WsPresence}, under the room's group name), and its messages' group, joined
 * through {@link WsRecovery} when the group keeps a replay window ({@code ws.cluster.recovery.groups},
 * {@code room:*} in the cluster profile), so that a page that reconnects, to any node, with the id of the
 * last message it saw ({@code ?lastId=}) gets what it missed.
 */
final class ClusterRooms {
    private final WsPresence presence;
    private final WsRecovery recovery;
    private final WsClusterProperties.Recovery recoverySettings;

    ClusterRooms(WsPresence presence, WsRecovery recovery, WsClusterProperties.Recovery recoverySettings) {
        this.presence = presence;
        this.recovery = recovery;
        this.recoverySettings = recoverySettings;
    }

    /**
     * Whether someone on any node is in the room under this nickname (case-insensitive). Best effort:
     * two nodes that check at once may both let the same nickname in. Reads Redis on this thread.
     */
    boolean isNicknameTaken(String group, String nickname) {
        return presence.members(group).stream().anyMatch(taken -> taken.equalsIgnoreCase(nickname));
    }

    /** Everyone in the room, on every node, in alphabetical order. Reads Redis on this thread. */
    List<String> members(String group) {
        return sorted(presence.members(group));
    }

    /**
     * Makes the session present and a member of the room's group: from now on it gets the room's
     * messages (held until the replay of what it missed is sent).
     *
     * @return completed once the replay is sent, with true when the session resumed where its client left
     *         off (it gave the id of the last message it saw, and got all it missed since)
     */
    CompletionStage<Boolean> enter(WsSession session, String group, String nickname) {
        presence.enter(session, group, nickname);
        if (recovery == null || !recoverySettings.keeps(group)) {
            session.join(group);
            return CompletableFuture.completedFuture(false);
        }
        boolean lastIdGiven = !session.handshake().queryParams()
                .getOrDefault(recoverySettings.queryParameter(), List.of()).isEmpty();
        return recovery.join(session, group).thenApply(resume -> lastIdGiven && !resume.gap());
    }

    /** Takes the session out of the room; completed with who is left in it, on every node. */
    CompletionStage<List<String>> leave(WsSession session, String group) {
        presence.leave(session, group);
        return presence.membersAsync(group).thenApply(ClusterRooms::sorted);
    }

    private static List<String> sorted(Collection<String> members) {
        return members.stream().sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
