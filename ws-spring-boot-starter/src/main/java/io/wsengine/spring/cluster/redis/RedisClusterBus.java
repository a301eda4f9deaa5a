package io.wsengine.spring.cluster.redis;

import io.wsengine.PreparedMessage;
import io.wsengine.spring.cluster.BoundedPublisher;
import io.wsengine.spring.cluster.ClusterEnvelopes;
import io.wsengine.spring.cluster.ClusterMessage;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterCounters;
import io.wsengine.spring.cluster.WsClusterProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.wsengine.spring.WsServerLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The cluster bus on Redis pub/sub, with the application's {@link RedisConnectionFactory}. All nodes
 * publish to one channel, so Redis keeps each sender's order for every receiver; recovery groups'
 * messages go to a second one, published by the script that adds them to their streams
 * ({@link RecoveryStreams}). Publishing runs on a
 * {@link BoundedPublisher} thread, never on the caller's; receiving runs on one thread of the bus's,
 * in the order Redis delivered, where Spring Data Redis would otherwise start a thread per message.
 * Lettuce subscribes again by itself after Redis comes back; the container's recovery back-off covers a
 * subscription that failed outright. While this node is not subscribed, what the others publish does
 * not reach it (pub/sub keeps nothing).
 */
public final class RedisClusterBus implements WsClusterBus, SmartLifecycle, MessageListener, SubscriptionListener {
    private static final Log LOG = LogFactory.getLog(RedisClusterBus.class);
    private static final long MALFORMED_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisConnectionFactory connectionFactory;
    private final String nodeId;
    private final byte[] channel;
    private final int maxPending;
    private final WsClusterProperties.Recovery recovery;
    private final RecoveryStreams streams;
    private final WsClusterCounters counters = new WsClusterCounters();
    private final AtomicLong sequence = new AtomicLong();
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private volatile Consumer<ClusterMessage> receiver = message -> { };
    private volatile BoundedPublisher<Outgoing> publisher;
    private volatile ExecutorService delivery;
    private volatile Thread deliveryThread;
    /** Reads the recovery streams, off the callers' threads and the delivery thread. */
    private volatile ExecutorService history;
    private volatile long lastMalformedLog = System.nanoTime() - MALFORMED_LOG_INTERVAL_NANOS;
    private volatile boolean running;

    /**
     * Creates the bus; it subscribes when started.
     *
     * @param connectionFactory the application's Redis connection
     * @param nodeId            this node's id, unique among the nodes
     * @param channel           the pub/sub channel all nodes share
     * @param maxPending        messages that may wait to be published, at least 1
     * @param keyPrefix         the prefix of the recovery streams' keys and channel
     * @param recovery          which groups keep a replay window
     */
    public RedisClusterBus(RedisConnectionFactory connectionFactory, String nodeId, String channel, int maxPending,
            String keyPrefix, WsClusterProperties.Recovery recovery) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.maxPending = maxPending;
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.streams = new RecoveryStreams(keyPrefix, recovery);
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(this, List.of(new ChannelTopic(channel),
                new ChannelTopic(new String(streams.channel(), StandardCharsets.UTF_8))));
        ExponentialBackOff resubscribe = new ExponentialBackOff(100, 2);
        resubscribe.setMaxInterval(5_000);
        container.setRecoveryBackoff(resubscribe);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void receiveWith(Consumer<ClusterMessage> receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public WsClusterCounters counters() {
        return counters;
    }

    @Override
    public void publish(ClusterMessage.Target target, PreparedMessage message) {
        BoundedPublisher running = publisher;
        if (running == null) {
            counters.countDropped(); // not started, or stopped: there is nobody to hand it to
            return;
        }
        ClusterMessage envelope = new ClusterMessage(nodeId, target, sequence.incrementAndGet(), message);
        byte[] stream = keepsReplay(target) ? streams.key(target.name()) : null;
        running.offer(new Outgoing(ClusterEnvelopes.encode(envelope), stream));
    }

    /** An envelope to publish, and the recovery stream it goes to first, or null. */
    private record Outgoing(byte[] envelope, byte[] stream) {
    }

    @Override
    public boolean keepsReplay(ClusterMessage.Target target) {
        return target.kind() == ClusterMessage.Kind.GROUP && recovery.keeps(target.name());
    }

    @Override
    public CompletionStage<List<ClusterMessage>> history(String group, String fromId) {
        ExecutorService reader = history;
        if (reader == null) {
            return CompletableFuture.failedStage(new IllegalStateException("the cluster bus is not running"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try (RedisConnection connection = connectionFactory.getConnection()) {
                return streams.read(connection, group, fromId);
            }
        }, reader);
    }

    /** {@return whether this node is subscribed to the bus's channel now} */
    public boolean isListening() {
        return container.isListening();
    }

    @Override
    public boolean isConnected() {
        BoundedPublisher<Outgoing> running = publisher;
        return running != null && container.isListening() && !running.isFailing();
    }

    @Override
    public int pending() {
        BoundedPublisher running = publisher;
        return running == null ? 0 : running.pending();
    }

    // ---- receiving, on the container's connection

    @Override
    public void onMessage(Message message, byte[] pattern) {
        byte[] body = message.getBody();
        boolean recoveryGroup = Arrays.equals(message.getChannel(), streams.channel());
        ClusterMessage received;
        try {
            received = recoveryGroup ? streams.parse(body) : ClusterEnvelopes.decode(body);
        } catch (IllegalArgumentException e) {
            counters.countMalformed();
            long now = System.nanoTime();
            if (now - lastMalformedLog >= MALFORMED_LOG_INTERVAL_NANOS) {
                lastMalformedLog = now;
                LOG.warn("Dropped a message on the cluster bus that is not a wsengine envelope of this version"
                        + " (another application on the same channel? ws.cluster.redis.key-prefix): " + e.getMessage());
            }
            return;
        }
        if (received.node().equals(nodeId) && !recoveryGroup) {
            return; // ours: delivered locally when it was sent (a recovery group's waits for its id, and comes here)
        }
        if (recoveryGroup && !streams.heard(received)) {
            return; // a back-fill delivered it already
        }
        counters.countReceived();
        deliver(received);
    }

    private void deliver(ClusterMessage message) {
        try {
            receiver.accept(message);
        } catch (RuntimeException e) {
            LOG.error("Delivering a cluster message to this node's sessions failed", e);
        }
    }

    /**
     * Subscribed (again, after Redis or the network came back): what the recovery groups this node has
     * heard of published meanwhile is read from their streams and delivered, on the delivery thread and
     * before what arrives from now on, so that each session gets the group's messages in order (and
     * drops the ones it had).
     */
    @Override
    public void onChannelSubscribed(byte[] subscribed, long count) {
        ExecutorService deliveries = delivery;
        if (deliveries == null || !Arrays.equals(subscribed, streams.channel())) {
            return;
        }
        Runnable backFill = this::backFill;
        if (Thread.currentThread() == deliveryThread) {
            backFill.run(); // what arrived after the subscription waits behind this turn
        } else {
            deliveries.execute(backFill); // ahead of what arrives after the subscription
        }
    }

    private void backFill() {
        streams.lastHeard().forEach((group, lastId) -> {
            try (RedisConnection connection = connectionFactory.getConnection()) {
                for (ClusterMessage missed : streams.read(connection, group, lastId)) {
                    if (streams.heard(missed)) {
                        deliver(missed);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not read what the recovery group '" + group + "' published while this node was"
                        + " not subscribed: " + e);
            }
        });
    }

    // ---- lifecycle

    @Override
    public void start() {
        delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-cluster-receive");
            thread.setDaemon(true);
            deliveryThread = thread;
            return thread;
        });
        container.setTaskExecutor(delivery); // one thread: messages are delivered in the order they came
        container.afterPropertiesSet();
        history = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-cluster-history");
            thread.setDaemon(true);
            return thread;
        });
        publisher = new BoundedPublisher<>("ws-cluster-publish", this::publishNow, maxPending, counters);
        container.start();
        running = true;
    }

    private void publishNow(Outgoing outgoing) {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            if (outgoing.stream() == null) {
                connection.publish(channel, outgoing.envelope());
            } else {
                streams.addAndPublish(connection, outgoing.stream(), outgoing.envelope());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        BoundedPublisher stopping = publisher;
        publisher = null;
        if (stopping != null) {
            stopping.close(Duration.ofSeconds(2));
        }
        container.stop();
        try {
            container.destroy();
        } catch (Exception e) {
            LOG.debug("Closing the cluster bus's subscription failed", e);
        }
        if (delivery != null) {
            delivery.shutdown();
        }
        if (history != null) {
            history.shutdown();
            history = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the WebSocket server and stops after it, so that its sessions' last messages can go out. */
    @Override
    public int getPhase() {
        return WsServerLifecycle.PHASE - 1024;
    }

    @Override
    public String toString() {
        return "RedisClusterBus[node " + nodeId + ", " + counters + "]";
    }
}
