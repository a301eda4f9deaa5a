package io.wsengine.spring.cluster.redis;

import io.wsengine.WsSession;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.cluster.InMemoryWsPresence;
import io.wsengine.spring.cluster.WsPresence;
import io.wsengine.spring.cluster.WsPresenceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.zset.Tuple;

/**
 * Presence on Redis: a sorted set per group, {@code <key-prefix>presence:<group>}, whose members are
 * {@link PresenceEntry entries} (node id, session id, member name) scored by their deadline, in epoch
 * milliseconds of the writing node's clock (so the nodes' clocks must agree to well within the TTL). This
 * node's own sessions live in an {@link InMemoryWsPresence}, the truth for them; one daemon thread of the
 * presence's writes their changes to Redis as they come (batched, pipelined) and every
 * {@code refresh-interval} moves all their deadlines to now + {@code ttl}. Entries whose deadline has passed
 * are nobody's any longer (their node crashed or lost Redis): reads skip and remove them. Every write
 * also sets the key's expiry to the TTL, so the key of a group that every node has abandoned disappears.
 * <p>
 * Redis failures never reach the sessions: {@link #enter} and {@link #leave} only change this node's
 * memory and queue the write. A write that fails is not retried: the next refresh writes every present
 * entry again, and an entry whose removal failed lapses by its deadline. Failures are counted
 * ({@link #failures()}) and logged at most once a minute. {@link #members} fails with
 * {@link WsPresenceUnavailableException} while Redis cannot be read.
 */
public final class RedisWsPresence implements WsPresence, SmartLifecycle {
    private static final Log LOG = LogFactory.getLog(RedisWsPresence.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A change of this node's entries, waiting to be written. */
    private record Change(String group, byte[] entry, boolean present) {
    }

    private final RedisConnectionFactory connectionFactory;
    private final String nodeId;
    private final String keyPrefix;
    private final long ttlMillis;
    private final long refreshMillis;
    private final InMemoryWsPresence local = new InMemoryWsPresence(new InMemoryWsPresence.Listener() {
        @Override
        public void entered(String group, WsSession session, String member, String previous) {
            if (previous != null) {
                changed(new Change(group, entry(session, previous), false));
            }
            changed(new Change(group, entry(session, member), true));
        }

        @Override
        public void left(String group, WsSession session, String member) {
            changed(new Change(group, entry(session, member), false));
        }
    });
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final LongAdder failures = new LongAdder();
    private volatile long lastFailureLog = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;
    private volatile ScheduledExecutorService worker;

    /**
     * Creates the presence; it writes to Redis once started.
     *
     * @param connectionFactory the application's Redis connection
     * @param nodeId            this node's id, unique among the nodes
     * @param keyPrefix         prefix of the groups' keys
     * @param ttl               how long an entry lasts without a refresh
     * @param refreshInterval   how often this node refreshes its entries, shorter than the TTL
     */
    public RedisWsPresence(RedisConnectionFactory connectionFactory, String nodeId, String keyPrefix, Duration ttl,
                           Duration refreshInterval) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.ttlMillis = ttl.toMillis();
        this.refreshMillis = refreshInterval.toMillis();
        if (refreshMillis < 1 || refreshMillis >= ttlMillis) {
            throw new IllegalArgumentException("the refresh interval must be positive and shorter than the TTL");
        }
    }

    @Override
    public boolean enter(WsSession session, String group, String member) {
        return local.enter(session, group, member);
    }

    @Override
    public boolean leave(WsSession session, String group) {
        return local.leave(session, group);
    }

    @Override
    public Set<String> members(String group) {
        byte[] key = key(group);
        long now = System.currentTimeMillis();
        List<Object> results;
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.openPipeline();
            connection.zSetCommands().zRemRangeByScore(key, Range.leftUnbounded(Range.Bound.inclusive(now)));
            connection.zSetCommands().zRangeByScore(key, "(" + now, "+inf");
            results = connection.closePipeline();
        } catch (RuntimeException e) {
            failed("reading group '" + group + "'", e);
            throw new WsPresenceUnavailableException("Presence in group '" + group + "' could not be read from"
                    + " Redis", e);
        }
        // This node's own sessions come from memory, which is ahead of what reached Redis.
        Set<String> names = new HashSet<>(local.members(group));
        Object entries = results.size() == 2 ? results.get(1) : null;
        if (entries instanceof Collection<?> collection) {
            for (Object bytes : collection) {
                PresenceEntry entry = bytes instanceof byte[] raw ? PresenceEntry.decode(raw) : null;
                if (entry != null && !entry.node().equals(nodeId)) {
                    names.add(entry.member());
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** {@return {@link #members}, read on the presence's thread, after this node's writes queued before it} */
    @Override
    public CompletionStage<Set<String>> membersAsync(String group) {
        ScheduledExecutorService running = worker;
        if (running == null) {
            return CompletableFuture.failedFuture(new WsPresenceUnavailableException("Presence is not running",
                    null));
        }
        try {
            return CompletableFuture.supplyAsync(() -> members(group), running);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new WsPresenceUnavailableException("Presence has stopped", e));
        }
    }

    /** {@return Redis reads and writes that failed since this presence started} */
    public long failures() {
        return failures.sum();
    }

    // ---- writing, on the presence's thread

    private void changed(Change change) {
        changes.add(change);
        ScheduledExecutorService running = worker;
        if (running != null && writeScheduled.compareAndSet(false, true)) {
            try {
                running.execute(this::writeChanges);
            } catch (RejectedExecutionException e) {
                writeScheduled.set(false); // stopping: what is left lapses by its deadline
            }
        }
    }

    /** Writes every change queued so far, in one pipeline: a burst of changes costs one round trip. */
    private void writeChanges() {
        writeScheduled.set(false); // before draining: a change queued from now on schedules another run
        List<Change> batch = new ArrayList<>();
        for (Change change; (change = changes.poll()) != null; ) {
            batch.add(change);
        }
        if (batch.isEmpty()) {
            return;
        }
        long deadline = System.currentTimeMillis() + ttlMillis;
        Map<String, byte[]> touched = new LinkedHashMap<>();
        write("writing " + batch.size() + " changes", connection -> {
            for (Change change : batch) {
                byte[] key = touched.computeIfAbsent(change.group(), this::key);
                if (change.present()) {
                    connection.zSetCommands().zAdd(key, deadline, change.entry());
                } else {
                    connection.zSetCommands().zRem(key, change.entry());
                }
            }
            touched.values().forEach(key -> connection.keyCommands().pExpire(key, ttlMillis));
        });
    }

    /** Moves every entry of this node's to a new deadline, and drops the lapsed entries of the same groups. */
    private void refresh() {
        writeChanges(); // what is queued goes first, so that the refresh cannot bring back an entry just removed
        long now = System.currentTimeMillis();
        double deadline = now + ttlMillis;
        Map<byte[], Set<Tuple>> groups = new LinkedHashMap<>();
        local.forEachGroup((group, members) -> {
            Set<Tuple> tuples = new HashSet<>();
            members.forEach((session, member) -> tuples.add(Tuple.of(entry(session, member), deadline)));
            if (!tuples.isEmpty()) {
                groups.put(key(group), tuples);
            }
        });
        if (groups.isEmpty()) {
            return;
        }
        write("refreshing " + groups.size() + " groups", connection -> groups.forEach((key, tuples) -> {
            connection.zSetCommands().zAdd(key, tuples);
            connection.keyCommands().pExpire(key, ttlMillis);
            connection.zSetCommands().zRemRangeByScore(key, Range.leftUnbounded(Range.Bound.inclusive(now)));
        }));
    }

    /** Removes every entry of this node's, when it stops cleanly: the other nodes need not wait for the TTL. */
    private void removeAll() {
        writeChanges();
        Map<byte[], List<byte[]>> groups = new LinkedHashMap<>();
        local.forEachGroup((group, members) -> {
            List<byte[]> entries = new ArrayList<>();
            members.forEach((session, member) -> entries.add(entry(session, member)));
            groups.put(key(group), entries);
        });
        if (!groups.isEmpty()) {
            write("removing this node's entries", connection -> groups.forEach((key, entries) ->
                    connection.zSetCommands().zRem(key, entries.toArray(byte[][]::new))));
        }
    }

    private interface Commands {
        void queue(RedisConnection connection);
    }

    private void write(String what, Commands commands) {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.openPipeline();
            commands.queue(connection);
            connection.closePipeline();
        } catch (RuntimeException e) {
            failed(what, e);
        }
    }

    private void failed(String what, RuntimeException e) {
        failures.increment();
        long now = System.nanoTime();
        if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLog = now;
            LOG.warn("Presence on Redis failed " + what + " (" + failures.sum() + " failures so far; logged at most"
                    + " once a minute). This node's sessions are written again at the next refresh: " + e);
        }
    }

    private byte[] key(String group) {
        return (keyPrefix + "presence:" + group).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] entry(WsSession session, String member) {
        return new PresenceEntry(nodeId, session.id(), member).encode();
    }

    // ---- lifecycle

    @Override
    public void start() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ws-presence");
            thread.setDaemon(true); // a node that is killed must not wait for it; its entries lapse by themselves
            return thread;
        });
        executor.scheduleWithFixedDelay(this::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping = worker;
        if (stopping == null) {
            return;
        }
        try {
            stopping.execute(this::removeAll);
        } catch (RejectedExecutionException e) {
            LOG.debug("Presence stopped already", e);
        }
        worker = null;
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(2, TimeUnit.SECONDS)) {
                stopping.shutdownNow(); // Redis too slow: this node's entries lapse within the TTL
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Starts before the WebSocket server and stops after it: its sessions' closes are written before the end. */
    @Override
    public int getPhase() {
        return WsServerLifecycle.PHASE - 1024;
    }

    @Override
    public String toString() {
        return "RedisWsPresence[node " + nodeId + ", " + local + ", failures=" + failures() + "]";
    }
}
