package io.wsengine.spring.cluster.redis;

import io.wsengine.PreparedMessage;
import io.wsengine.spring.cluster.BoundedPublisher;
import io.wsengine.spring.cluster.ClusterEnvelopes;
import io.wsengine.spring.cluster.ClusterMessage;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.cluster.WsClusterCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
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
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The cluster bus on Redis pub/sub, with the application's {@link RedisConnectionFactory}. All nodes
 * publish to one channel, so Redis keeps each sender's order for every receiver. Publishing runs on a
 * {@link BoundedPublisher} thread, never on the caller's; receiving runs on one thread of the bus's,
 * in the order Redis delivered, where Spring Data Redis would otherwise start a thread per message.
 * Lettuce subscribes again by itself after Redis comes back; the container's recovery back-off covers a
 * subscription that failed outright. While this node is not subscribed, what the others publish does
 * not reach it (pub/sub keeps nothing).
 */
public final class RedisClusterBus implements WsClusterBus, SmartLifecycle, MessageListener {
    private static final Log LOG = LogFactory.getLog(RedisClusterBus.class);
    private static final long MALFORMED_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisConnectionFactory connectionFactory;
    private final String nodeId;
    private final byte[] channel;
    private final int maxPending;
    private final WsClusterCounters counters = new WsClusterCounters();
    private final AtomicLong sequence = new AtomicLong();
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private volatile Consumer<ClusterMessage> receiver = message -> { };
    private volatile BoundedPublisher publisher;
    private ExecutorService delivery;
    private volatile long lastMalformedLog = System.nanoTime() - MALFORMED_LOG_INTERVAL_NANOS;
    private volatile boolean running;

    /**
     * Creates the bus; it subscribes when started.
     *
     * @param connectionFactory the application's Redis connection
     * @param nodeId            this node's id, unique among the nodes
     * @param channel           the pub/sub channel all nodes share
     * @param maxPending        messages that may wait to be published, at least 1
     */
    public RedisClusterBus(RedisConnectionFactory connectionFactory, String nodeId, String channel, int maxPending) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.maxPending = maxPending;
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(this, new ChannelTopic(channel));
        ExponentialBackOff recovery = new ExponentialBackOff(100, 2);
        recovery.setMaxInterval(5_000);
        container.setRecoveryBackoff(recovery);
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
        running.offer(ClusterEnvelopes.encode(envelope));
    }

    /** {@return whether this node is subscribed to the bus's channel now} */
    public boolean isListening() {
        return container.isListening();
    }

    /** {@return how many messages wait to be published} */
    public int pending() {
        BoundedPublisher running = publisher;
        return running == null ? 0 : running.pending();
    }

    // ---- receiving, on the container's connection

    @Override
    public void onMessage(Message message, byte[] pattern) {
        byte[] body = message.getBody();
        ClusterMessage received;
        try {
            received = ClusterEnvelopes.decode(body);
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
        if (received.node().equals(nodeId)) {
            return; // ours: delivered locally when it was sent
        }
        counters.countReceived();
        try {
            receiver.accept(received);
        } catch (RuntimeException e) {
            LOG.error("Delivering a cluster message to this node's sessions failed", e);
        }
    }

    // ---- lifecycle

    @Override
    public void start() {
        delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-cluster-receive");
            thread.setDaemon(true);
            return thread;
        });
        container.setTaskExecutor(delivery); // one thread: messages are delivered in the order they came
        container.afterPropertiesSet();
        publisher = new BoundedPublisher("ws-cluster-publish", this::publishNow, maxPending, counters);
        container.start();
        running = true;
    }

    private void publishNow(byte[] envelope) {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.publish(channel, envelope);
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
