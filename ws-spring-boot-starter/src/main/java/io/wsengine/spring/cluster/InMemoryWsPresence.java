package io.wsengine.spring.cluster;

import io.wsengine.WsSession;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * Presence on this node only, in memory: the starter's {@link WsPresence} without the cluster, and
 * each node's own sessions under a cluster presence (which copies them elsewhere through a
 * {@link Listener}). Safe for concurrent use; nothing blocks. A session leaves every group when it
 * closes ({@link WsSession#whenClosed()}).
 */
public final class InMemoryWsPresence implements WsPresence {

    /**
     * Told of every change, in order per session, while the session's entries are locked: for a
     * presence that keeps a copy elsewhere. It must not block (hand the change to another thread).
     */
    public interface Listener {
        /**
         * The session entered the group, or was renamed there.
         *
         * @param group    the group
         * @param session  the session
         * @param member   its name in the group
         * @param previous its name before, or null when it was not present
         */
        void entered(String group, WsSession session, String member, String previous);

        /**
         * The session left the group, or closed.
         *
         * @param group   the group
         * @param session the session
         * @param member  the name it had there
         */
        void left(String group, WsSession session, String member);
    }

    /** One session's names by group; {@code ended} once it has closed, so that nothing enters it again. */
    private static final class SessionEntries {
        final Map<String, String> memberByGroup = new HashMap<>();
        boolean ended;
    }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void entered(String group, WsSession session, String member, String previous) {
        }

        @Override
        public void left(String group, WsSession session, String member) {
        }
    };

    private final ConcurrentMap<WsSession, SessionEntries> bySession = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<WsSession, String>> byGroup = new ConcurrentHashMap<>();
    private final Listener listener;

    /** Creates a presence of this node alone. */
    public InMemoryWsPresence() {
        this(NO_LISTENER);
    }

    /**
     * Creates a presence that tells the listener of every change.
     *
     * @param listener told of every change; must not block
     */
    public InMemoryWsPresence(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public boolean enter(WsSession session, String group, String member) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(member, "member");
        if (!session.isOpen()) {
            return false;
        }
        SessionEntries entries = bySession.get(session);
        if (entries == null) {
            SessionEntries created = new SessionEntries();
            entries = bySession.putIfAbsent(session, created);
            if (entries == null) {
                entries = created;
                // Runs at once, here, if the session has ended meanwhile: then nothing below enters it.
                session.whenClosed().thenRun(() -> ended(session, created));
            }
        }
        synchronized (entries) {
            if (entries.ended) {
                return false;
            }
            String previous = entries.memberByGroup.put(group, member);
            if (member.equals(previous)) {
                return true;
            }
            byGroup.compute(group, (name, members) -> {
                ConcurrentMap<WsSession, String> map = members != null ? members : new ConcurrentHashMap<>();
                map.put(session, member);
                return map;
            });
            listener.entered(group, session, member, previous);
        }
        return true;
    }

    @Override
    public boolean leave(WsSession session, String group) {
        Objects.requireNonNull(group, "group");
        SessionEntries entries = bySession.get(session);
        if (entries == null) {
            return false;
        }
        synchronized (entries) {
            String member = entries.ended ? null : entries.memberByGroup.remove(group);
            if (member == null) {
                return false;
            }
            removeFromGroup(group, session);
            listener.left(group, session, member);
        }
        return true;
    }

    /** The session has closed: it leaves every group, and can enter none again. */
    private void ended(WsSession session, SessionEntries entries) {
        synchronized (entries) {
            entries.ended = true;
            entries.memberByGroup.forEach((group, member) -> {
                removeFromGroup(group, session);
                listener.left(group, session, member);
            });
            entries.memberByGroup.clear();
        }
        bySession.remove(session, entries);
    }

    private void removeFromGroup(String group, WsSession session) {
        byGroup.computeIfPresent(group, (name, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members; // an empty group holds no memory
        });
    }

    @Override
    public Set<String> members(String group) {
        Map<WsSession, String> members = byGroup.get(group);
        return members == null ? Set.of() : Collections.unmodifiableSet(new HashSet<>(members.values()));
    }

    /** {@return {@link #members}, completed already: nothing here blocks} */
    @Override
    public CompletionStage<Set<String>> membersAsync(String group) {
        return CompletableFuture.completedFuture(members(group));
    }

    /**
     * Calls the action with every group that has sessions present, and their names by session.
     *
     * @param action given each group and a live, read-only view of its sessions' names
     */
    public void forEachGroup(BiConsumer<String, Map<WsSession, String>> action) {
        byGroup.forEach((group, members) -> action.accept(group, Collections.unmodifiableMap(members)));
    }

    @Override
    public String toString() {
        return "InMemoryWsPresence[" + byGroup.size() + " groups, " + bySession.size() + " sessions]";
    }
}
