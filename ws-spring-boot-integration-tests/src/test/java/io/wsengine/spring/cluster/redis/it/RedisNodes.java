package io.wsengine.spring.cluster.redis.it;

import io.lettuce.core.ClientOptions;
import io.wsengine.spring.cluster.redis.RedisWsTicketStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Connections to a test Redis, one per "node", and what the tests read from it. */
final class RedisNodes {
    /** Far above a command's time on a loaded machine, far below the tests' bounds. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final String PREFIX = "test:";

    private RedisNodes() {
    }

    /**
     * A node's own connection factory, started.
     *
     * @param rejectWhileDisconnected Lettuce's choice while reconnecting: reject commands at once (as
     *                                {@code ws.cluster.redis.bounded-client} means), or buffer them until
     *                                the command timeout (Lettuce's default)
     */
    static LettuceConnectionFactory connect(int port, boolean rejectWhileDisconnected) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT)
                .clientOptions(ClientOptions.builder().disconnectedBehavior(rejectWhileDisconnected
                        ? ClientOptions.DisconnectedBehavior.REJECT_COMMANDS
                        : ClientOptions.DisconnectedBehavior.DEFAULT).build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port), client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    static RedisWsTicketStore store(LettuceConnectionFactory factory) {
        return new RedisWsTicketStore(factory, PREFIX, Clock.systemUTC(), null);
    }

    /** {@return every key in Redis, read with SCAN} */
    static List<String> keys(LettuceConnectionFactory factory) {
        try (RedisConnection connection = factory.getConnection()) {
            Set<byte[]> keys = connection.keyCommands().keys("*".getBytes(StandardCharsets.UTF_8));
            return keys.stream().map(key -> new String(key, StandardCharsets.UTF_8)).sorted().toList();
        }
    }

    /** {@return the key the store should use for a ticket, computed here on its own} */
    static String expectedKey(String ticket) {
        try {
            return PREFIX + "ticket:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
