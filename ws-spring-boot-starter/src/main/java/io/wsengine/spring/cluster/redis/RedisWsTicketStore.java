package io.wsengine.spring.cluster.redis;

import io.wsengine.spring.security.WsTicketStore;
import io.wsengine.spring.security.WsTicketStoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;

/**
 * Tickets in Redis, so that a ticket issued on one node opens a session on any node. A ticket is kept
 * under {@code <keyPrefix>ticket:<SHA-256 of the ticket, hex>}, never under the ticket itself: keys show up
 * in {@code MONITOR}, {@code SLOWLOG} and {@code SCAN} output, and a key that is the ticket would let
 * whoever reads them use it. {@link #save} is {@code SET key value PX <ms> NX}, so Redis forgets a ticket
 * when it expires; {@link #take} is {@code GETDEL} (Redis 6.2 or later), which makes a ticket single-use
 * across nodes, and checks the expiry again against the caller's clock, since Redis' clock and each
 * node's differ a little.
 *
 * <p>The value is the expiry and the {@link Authentication}, JDK-serialized (Spring Security's
 * authentication types are {@link java.io.Serializable}). It is read back with this JVM's classes, so
 * every node needs the classes of the authentications it redeems, and whoever can write to this Redis
 * can make the nodes deserialize what it wrote: the Redis must be as trusted as the nodes.
 *
 * <p>Failures: a Redis error in {@link #save} throws {@link WsTicketStoreUnavailableException} (the
 * ticket controller answers {@code 503}); in {@link #take} it throws {@link AuthenticationServiceException},
 * which the security interceptor answers {@code 503}, not {@code 401}: the ticket may well be good. How long
 * a call waits for an unreachable Redis is the connection factory's command timeout.
 */
public class RedisWsTicketStore implements WsTicketStore {
    /** The first byte of a value: the format, so that a later one can be told apart. */
    private static final byte FORMAT = 1;
    /** The format byte, the expiry's seconds and its nanoseconds. */
    private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;

    private final RedisTemplate<byte[], byte[]> redis;
    private final String keyPrefix;
    private final Clock clock;
    private final ClassLoader classLoader;

    /**
     * A store on this connection.
     *
     * @param connectionFactory the Redis connection, shared by every node
     * @param keyPrefix         prefix of the keys ({@code ws.cluster.redis.key-prefix}); may be empty
     * @param clock             tells how long a ticket has until it expires, for its time to live in Redis
     * @param classLoader       loads the classes of the authentications taken; null for this class's
     */
    public RedisWsTicketStore(RedisConnectionFactory connectionFactory, String keyPrefix, Clock clock,
                              ClassLoader classLoader) {
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.classLoader = classLoader != null ? classLoader : RedisWsTicketStore.class.getClassLoader();
        RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.setEnableDefaultSerializer(false);
        template.setKeySerializer(RedisSerializer.byteArray());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        this.redis = template;
    }

    /**
     * Keeps a new ticket in Redis until it is taken or expires.
     *
     * @param ticket         the ticket; only its hash reaches Redis
     * @param authentication who it was issued to, serialized
     * @param expiresAt      when it expires: the key's time to live is the time left until then by this store's clock
     * @return false when the ticket has expired already, or Redis kept no new key (one with this
     *         ticket's hash exists)
     * @throws IllegalArgumentException           if the authentication cannot be serialized
     * @throws WsTicketStoreUnavailableException if Redis could not be reached or failed the command
     */
    @Override
    public boolean save(String ticket, Authentication authentication, Instant expiresAt) {
        Duration ttl = Duration.between(clock.instant(), expiresAt);
        if (ttl.isNegative() || ttl.isZero()) {
            return false;
        }
        // rounded up: Redis must not forget a ticket before its expiry; take() checks the exact instant
        Expiration px = Expiration.milliseconds(ttl.plusNanos(999_999).toMillis());
        byte[] key = key(ticket);
        byte[] value = encode(authentication, expiresAt);
        try {
            return Boolean.TRUE.equals(redis.execute((RedisCallback<Boolean>) connection ->
                    connection.stringCommands().set(key, value, px, RedisStringCommands.SetOption.ifAbsent())));
        } catch (DataAccessException e) {
            throw new WsTicketStoreUnavailableException("the WebSocket ticket store (Redis) could not keep a ticket", e);
        }
    }

    /**
     * Takes a ticket with {@code GETDEL}: of all nodes, one call at most gets it.
     *
     * @param ticket the ticket as the client sent it
     * @param now    the time to check its expiry against
     * @return who it was issued to; empty when the ticket is unknown, already taken or expired
     * @throws AuthenticationServiceException if Redis could not be reached or failed the command, or the
     *                                        authentication it held cannot be read by this node
     */
    @Override
    public Optional<Authentication> take(String ticket, Instant now) {
        byte[] value;
        try {
            byte[] key = key(ticket);
            value = redis.execute((RedisCallback<byte[]>) connection -> connection.stringCommands().getDel(key));
        } catch (DataAccessException e) {
            throw new AuthenticationServiceException("the WebSocket ticket store (Redis) could not be reached", e);
        }
        if (value == null) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.wrap(value);
        if (value.length <= HEADER || header.get() != FORMAT) {
            throw new AuthenticationServiceException("a WebSocket ticket in Redis has an unknown format");
        }
        Instant expiresAt = Instant.ofEpochSecond(header.getLong(), header.getInt());
        if (!expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(decode(value));
    }

    /** {@return the key of a ticket: the prefix and the ticket's SHA-256, so that no key shows a ticket} */
    private byte[] key(String ticket) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
            return (keyPrefix + "ticket:" + HexFormat.of().formatHex(hash)).getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] encode(Authentication authentication, Instant expiresAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        bytes.writeBytes(ByteBuffer.allocate(HEADER).put(FORMAT).putLong(expiresAt.getEpochSecond())
                .putInt(expiresAt.getNano()).array());
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(authentication);
        } catch (NotSerializableException e) {
            // the exception's message is the class that is not serializable: often a principal or details
            throw new IllegalArgumentException("a " + authentication.getClass().getName()
                    + " cannot be kept in Redis as a WebSocket ticket: it holds a " + e.getMessage()
                    + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("a " + authentication.getClass().getName()
                    + " cannot be kept in Redis as a WebSocket ticket: " + e, e);
        }
        return bytes.toByteArray();
    }

    private Authentication decode(byte[] value) {
        try (ObjectInputStream in = new ConfigurableObjectInputStream(
                new ByteArrayInputStream(value, HEADER, value.length - HEADER), classLoader)) {
            return (Authentication) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            // another node's classes, or another application sharing the prefix
            throw new AuthenticationServiceException("the authentication of a WebSocket ticket in Redis cannot be"
                    + " read on this node: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "RedisWsTicketStore[keyPrefix=" + keyPrefix + "]";
    }
}
